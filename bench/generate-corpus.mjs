#!/usr/bin/env node
// Writes a synthetic standards corpus: N elements, N/5 records, N/50 code lists, over N/100
// files in N/500 namespaces (at least one), each file importing the shared namespace and its
// predecessor. Records have 12 fields, a key, a nested record, and governance attributes.
// Usage: node bench/generate-corpus.mjs <N> <out-dir>
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateCorpus(n, outDir) {
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    const fileCount = Math.max(1, Math.floor(n / 100));
    const nsCount = Math.max(1, Math.floor(n / 500));
    const elementsPerFile = Math.ceil(n / fileCount);
    const recordsPerFile = Math.ceil(n / 5 / fileCount);
    const listsPerFile = Math.ceil(n / 50 / fileCount);
    const shared = ['namespace bench.shared', 'version "1.0.0"', '',
        'department CITY "市大数据中心" { level city }',
        'department DIST "区数据局" { level district  parent CITY }', ''].join('\n');
    writeFileSync(join(outDir, 'shared.mds'), shared);
    let bytes = shared.length;
    for (let f = 0; f < fileCount; f++) {
        const ns = `bench.ns${f % nsCount}`;
        const lines = [`namespace ${ns}`, 'import bench.shared'];
        if (f % nsCount > 0) lines.push(`import bench.ns${(f % nsCount) - 1}`);
        lines.push('');
        for (let c = 0; c < listsPerFile; c++) {
            lines.push(`codelist L${f}_${c} "代码表 ${f}-${c}" {`, '  steward DIST', '  status standard',
                `  definition "第 ${f} 号文件的第 ${c} 个代码表"`);
            for (let k = 0; k < 8; k++) lines.push(`  "${k}" "取值 ${k}"`);
            lines.push('}', '');
        }
        for (let e = 0; e < elementsPerFile; e++) {
            const kind = e % 4;
            const name = `E${f}_${e}`;
            if (kind === 0) {
                lines.push(`element ${name} "数据元 ${f}-${e}" : string {`, '  length 1..64', '  pattern "[A-Za-z0-9]+"');
            } else if (kind === 1) {
                lines.push(`element ${name} "数据元 ${f}-${e}" : integer {`, '  range 0..1000', '  unit "个"');
            } else if (kind === 2) {
                lines.push(`element ${name} "数据元 ${f}-${e}" : decimal {`, '  range 0..', '  scale 2');
            } else {
                lines.push(`element ${name} "数据元 ${f}-${e}" : L${f}_${e % listsPerFile} {`);
            }
            lines.push(`  definition "合成基准数据元 ${f}-${e} 的定义"`, '  steward DIST', '  status standard',
                '  share unconditional', '  open conditional', '  update daily', '}', '');
        }
        for (let r = 0; r < recordsPerFile; r++) {
            lines.push(`record R${f}_${r} "数据集 ${f}-${r}" {`, `  definition "合成基准数据集 ${f}-${r}"`,
                '  steward DIST', '  status standard', '  update daily', '');
            for (let k = 0; k < 12; k++) {
                const e = (r * 12 + k) % elementsPerFile;
                lines.push(`  ${k === 0 ? 'key ' : ''}f${k}${k % 5 === 4 ? '?' : ''}: E${f}_${e}${k % 7 === 6 ? '[]' : ''}`);
            }
            if (r > 0) lines.push(`  child?: R${f}_${r - 1}`);
            lines.push('}', '');
        }
        const text = lines.join('\n');
        bytes += Buffer.byteLength(text);
        writeFileSync(join(outDir, `f${String(f).padStart(4, '0')}.mds`), text);
    }
    return { files: fileCount + 1, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
    const n = Number(process.argv[2] ?? 10000);
    const out = process.argv[3] ?? `bench/.corpus/n${n}`;
    const { files, bytes } = generateCorpus(n, out);
    console.log(`wrote ${files} files, ${(bytes / 1e6).toFixed(2)} MB to ${out}`);
}
