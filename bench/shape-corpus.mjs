#!/usr/bin/env node
// Writes one synthetic model twice — as .mds and as TypeSpec — with the same content, in the shape
// of issue 15: R records of 12 fields (88 % element references, 12 % references to other records,
// ~30 % optional — every nested record is, so no required cycle — ~15 % lists) and R elements (55 % strings with a pattern and a length, 15 %
// integers/decimals with ranges, 10 % dates/datetimes, 20 % code lists of 5–50 entries), over F
// files, one namespace per file, each importing every namespace it refers to (so most files import
// most others, in cycles). Deterministic (seeded).
// Usage: node bench/shape-corpus.mjs <records> <out-dir> [files = 100]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small deterministic PRNG (mulberry32). */
function random(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = Math.imul(a ^ (a >>> 15), 1 | a);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/**
 * The model as plain data: per file its namespace, elements and records. Element i lives in file
 * i % F, record j in file j % F; references pick targets anywhere, so imports cross.
 */
export function shapeModel(records, files = 100, seed = 15) {
    const rnd = random(seed);
    const pick = n => Math.floor(rnd() * n);
    const ns = f => `shape.n${String(f).padStart(3, '0')}`;
    const elements = [];
    for (let i = 0; i < records; i++) {
        const r = rnd();
        const kind = r < 0.55 ? 'string' : r < 0.625 ? 'integer' : r < 0.70 ? 'decimal' : r < 0.75 ? 'date' : r < 0.80 ? 'datetime' : 'code';
        const e = { name: `E${i}`, file: i % files, kind, label: `数据元 ${i}` };
        if (kind === 'string') { e.min = 1 + pick(4); e.max = e.min + 8 + pick(120); e.pattern = ['[A-Za-z0-9]+', '[0-9]{2,}', '[A-Z][a-z0-9_]*', '[\\u4e00-\\u9fa5A-Za-z0-9]+'][pick(4)]; }
        if (kind === 'integer') { e.min = pick(10); e.max = e.min + 100 + pick(100000); }
        if (kind === 'decimal') { e.min = 0; e.max = 1000 + pick(1000000); e.scale = 1 + pick(3); }
        if (kind === 'code') e.codes = 5 + pick(46);
        elements.push(e);
    }
    const recs = [];
    for (let j = 0; j < records; j++) {
        const fields = [];
        for (let k = 0; k < 12; k++) {
            const toRecord = rnd() < 0.12;
            const target = toRecord ? { record: pick(records) } : { element: pick(records) };
            // A required chain of records back to itself is no finite data (mds/infinite-record): nested records are optional.
            fields.push({ name: `f${k}`, ...target, optional: toRecord || (k > 0 && rnd() < 0.2), list: k > 0 && rnd() < 0.15 });
        }
        recs.push({ name: `R${j}`, file: j % files, label: `数据集 ${j}`, fields });
    }
    return { files, ns, elements, records: recs };
}

/** The .mds text of each file. */
export function toMds(m) {
    const out = [];
    for (let f = 0; f < m.files; f++) {
        const refs = new Set();
        const body = [];
        for (const e of m.elements.filter(x => x.file === f)) {
            if (e.kind === 'code') {
                body.push(`codelist L${e.name.slice(1)} "代码表 ${e.name.slice(1)}" {`);
                for (let c = 0; c < e.codes; c++) body.push(`  "${c + 1}" "取值 ${c + 1}"`);
                body.push('}', `element ${e.name} "${e.label}" : L${e.name.slice(1)}`, '');
                continue;
            }
            const attrs = e.kind === 'string' ? [`length ${e.min}..${e.max}`, `pattern "${e.pattern.replace(/\\/g, '\\\\')}"`]
                : e.kind === 'integer' ? [`range ${e.min}..${e.max}`]
                : e.kind === 'decimal' ? [`range ${e.min}..${e.max}`, `scale ${e.scale}`] : [];
            body.push(`element ${e.name} "${e.label}" : ${e.kind}${attrs.length ? ` { ${attrs.join('  ')} }` : ''}`, '');
        }
        for (const r of m.records.filter(x => x.file === f)) {
            body.push(`record ${r.name} "${r.label}" {`);
            for (const fl of r.fields) {
                const target = fl.record !== undefined ? m.records[fl.record] : m.elements[fl.element];
                if (target.file !== f) refs.add(m.ns(target.file));
                body.push(`  ${fl.name}${fl.optional ? '?' : ''}: ${target.name}${fl.list ? '[]' : ''}`);
            }
            body.push('}', '');
        }
        const header = [`namespace ${m.ns(f)}`, ...[...refs].sort().map(n => `import ${n}`), ''];
        out.push({ path: `${m.ns(f)}.mds`, text: [...header, ...body].join('\n') });
    }
    return out;
}

/** The TypeSpec text of each file, plus `main.tsp` importing them all (for `tsp compile`). */
export function toTypeSpec(m) {
    const ns = f => m.ns(f).split('.').map(p => p[0].toUpperCase() + p.slice(1)).join('.');
    const out = [];
    for (let f = 0; f < m.files; f++) {
        const refs = new Set();
        const body = [];
        for (const e of m.elements.filter(x => x.file === f)) {
            body.push(`/** ${e.label} */`);
            if (e.kind === 'code') {
                body.push(`enum ${e.name} {`);
                for (let c = 0; c < e.codes; c++) body.push(`  v${c + 1}: "${c + 1}",`);
                body.push('}', '');
                continue;
            }
            if (e.kind === 'string') body.push(`@minLength(${e.min}) @maxLength(${e.max}) @pattern("^(?:${e.pattern.replace(/\\/g, '\\\\')})$")`, `scalar ${e.name} extends string;`);
            else if (e.kind === 'integer') body.push(`@minValue(${e.min}) @maxValue(${e.max})`, `scalar ${e.name} extends int64;`);
            else if (e.kind === 'decimal') body.push(`@minValue(${e.min}) @maxValue(${e.max})`, `scalar ${e.name} extends decimal;`);
            else body.push(`scalar ${e.name} extends ${e.kind === 'date' ? 'plainDate' : 'utcDateTime'};`);
            body.push('');
        }
        for (const r of m.records.filter(x => x.file === f)) {
            body.push(`/** ${r.label} */`, `model ${r.name} {`);
            for (const fl of r.fields) {
                const target = fl.record !== undefined ? m.records[fl.record] : m.elements[fl.element];
                if (target.file !== f) refs.add(ns(target.file));
                body.push(`  ${fl.name}${fl.optional ? '?' : ''}: ${target.name}${fl.list ? '[]' : ''};`);
            }
            body.push('}', '');
        }
        const header = ['import "@typespec/json-schema";', 'using JsonSchema;', ...[...refs].sort().map(n => `using ${n};`), '', `@jsonSchema`, `namespace ${ns(f)};`, ''];
        out.push({ path: `${m.ns(f)}.tsp`, text: [...header, ...body].join('\n') });
    }
    out.push({ path: 'main.tsp', text: out.map(o => `import "./${o.path}";`).join('\n') + '\n' });
    return out;
}

export function writeShape(records, dir, files = 100) {
    const m = shapeModel(records, files);
    for (const [sub, texts] of [['mds', toMds(m)], ['tsp', toTypeSpec(m)]]) {
        rmSync(join(dir, sub), { recursive: true, force: true });
        mkdirSync(join(dir, sub), { recursive: true });
        for (const t of texts) writeFileSync(join(dir, sub, t.path), t.text);
    }
    return { mds: join(dir, 'mds'), tsp: join(dir, 'tsp') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const [records, dir, files] = process.argv.slice(2);
    console.log(writeShape(Number(records), dir, files ? Number(files) : 100));
}
