import { EmptyFileSystemProvider, URI, type LangiumDocument } from 'langium';
import { describe, expect, test } from 'vitest';
import { buildWorkspace, createMdsCoreServices, createMdsServices, isRecord, type Model, type Record as RecordDecl } from '@mds/language';

/**
 * Effective governance (rule 5) in the editor is kept across edits that cannot change it
 * (GovernanceCache). Differential: after every edit of a seeded sequence, each record's result in
 * the long-lived editor services equals a fresh check of the same files.
 */

/** Files the editor services read on an update (Langium reads the file when no editor has it open). */
class MemoryFiles extends EmptyFileSystemProvider {
    readonly texts = new Map<string, string>();
    override async readFile(uri: URI): Promise<string> {
        const text = this.texts.get(uri.path);
        if (text === undefined) throw new Error(`no file ${uri.path}`);
        return text;
    }
    override async stat(uri: URI) {
        if (!this.texts.has(uri.path)) throw new Error(`no file ${uri.path}`);
        return { uri, isFile: true, isDirectory: false };
    }
}

const NAMESPACES = ['g.a', 'g.b', 'g.c', 'g.d'];
const GRADES = ['general', 'important', 'core'];
const SHARES = ['unconditional', 'conditional', 'none'];

interface Spec {
    elements: Array<{ name: string; grade?: string; share?: string; personal: boolean; definition: string }>;
    records: Array<{ name: string; extends?: string; grade?: string; open?: string; fields: Array<{ name: string; type: string }> }>;
    comment: string;
}

function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s + 0x6d2b79f5) >>> 0;
        let t = s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function render(ns: string, spec: Spec): string {
    const lines = [`namespace ${ns}`, ...NAMESPACES.filter(n => n !== ns).map(n => `import ${n}`), `// ${spec.comment}`];
    for (const e of spec.elements) {
        const attrs = [`definition "${e.definition}"`, e.grade && `grade ${e.grade}`, e.share && `share ${e.share}`, e.personal && 'personal'].filter(Boolean);
        lines.push(`element ${e.name} "元" : string { ${attrs.join(' ')} }`);
    }
    for (const r of spec.records) {
        const attrs = [r.grade && `grade ${r.grade}`, r.open && `open ${r.open}`].filter(Boolean);
        lines.push(`record ${r.name} "集"${r.extends ? ` extends ${r.extends}` : ''} {`, ...r.fields.map(f => `  ${f.name}?: ${f.type}`), ...attrs.map(a => `  ${a}`), '}');
    }
    return lines.join('\n') + '\n';
}

/** A workspace of four namespaces whose records nest each other (in cycles) and share elements. */
function initial(rnd: () => number): Map<string, Spec> {
    const specs = new Map<string, Spec>();
    NAMESPACES.forEach((ns, n) => specs.set(ns, {
        elements: Array.from({ length: 3 }, (_, i) => ({ name: `E${n}${i}`, personal: false, definition: '定义' })),
        records: Array.from({ length: 3 }, (_, i) => ({ name: `R${n}${i}`, fields: [] })),
        comment: 'c'
    }));
    for (const spec of specs.values()) for (const r of spec.records) for (let f = 0; f < 3; f++) r.fields.push({ name: `f${f}`, type: target(rnd) });
    return specs;
}

function target(rnd: () => number): string {
    const n = Math.floor(rnd() * NAMESPACES.length), i = Math.floor(rnd() * 3);
    return rnd() < 0.6 ? `E${n}${i}` : `R${n}${i}`;
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

/**
 * One edit to one file: a third keep the governance signature (comments, definitions), most keep
 * the names the file declares, some add or rename a declaration.
 */
function edit(rnd: () => number, spec: Spec): string {
    const e = pick(rnd, spec.elements), r = pick(rnd, spec.records);
    switch (Math.floor(rnd() * 12)) {
        // Often to a name another namespace declares: references to it elsewhere become ambiguous, or resolve again.
        case 10: e.name = `E${Math.floor(rnd() * 4)}${Math.floor(rnd() * 3)}`; return 'element renamed';
        case 11: spec.elements.push({ name: `E${spec.elements.length}${Math.floor(rnd() * 3)}`, grade: pick(rnd, GRADES), personal: rnd() < 0.5, definition: '新' }); return 'element added';
        case 0: case 1: spec.comment += 'x'; return 'comment';
        case 2: case 3: e.definition += '改'; return 'definition';
        case 4: e.grade = pick(rnd, [undefined, ...GRADES]); return 'element grade';
        case 5: e.share = pick(rnd, [undefined, ...SHARES]); e.personal = rnd() < 0.3; return 'element share/personal';
        case 6: r.grade = pick(rnd, [undefined, ...GRADES]); r.open = pick(rnd, [undefined, ...SHARES]); return 'record attributes';
        case 7: pick(rnd, r.fields).type = target(rnd); return 'field type';
        case 8: pick(rnd, r.fields).name += 'x'; return 'field name';
        default: r.extends = rnd() < 0.5 ? undefined : `R${Math.floor(rnd() * 4)}${Math.floor(rnd() * 3)}`; return 'extends';
    }
}

type Results = Record<string, string>;

function resultsOf(docs: Iterable<LangiumDocument>, governance: { effective(r: RecordDecl): unknown; parts(r: RecordDecl): unknown }): Results {
    const out: Results = {};
    for (const doc of docs) {
        const model = doc.parseResult.value as Model;
        for (const r of model.declarations.filter(isRecord)) out[`${model.namespace}.${r.name}`] = JSON.stringify([governance.effective(r), governance.parts(r)]);
    }
    return out;
}

async function fresh(texts: Map<string, string>): Promise<Results> {
    const { Mds } = createMdsCoreServices({ fileSystemProvider: () => new EmptyFileSystemProvider() });
    const ws = await buildWorkspace(Mds, [...texts].map(([path, text]) => ({ path, text })));
    return resultsOf(ws.documents, Mds.model.Governance);
}

describe('effective governance across edits in the editor', () => {
    test('a seeded sequence of 150 edits: each record as a fresh check computes it; unchanged signatures keep the results', async () => {
        const rnd = random(15);
        const specs = initial(rnd);
        const files = new MemoryFiles();
        const { shared, Mds } = createMdsServices({ fileSystemProvider: () => files });
        const documents = shared.workspace.LangiumDocuments;
        const path = (ns: string) => `/ws/${ns}.mds`;
        for (const [ns, spec] of specs) {
            files.texts.set(path(ns), render(ns, spec));
            documents.addDocument(shared.workspace.LangiumDocumentFactory.fromString(files.texts.get(path(ns))!, URI.file(path(ns))));
        }
        await shared.workspace.DocumentBuilder.build([...documents.all], { validation: true });
        const kinds = new Map<string, number>();
        let kept = 0;
        for (let step = 0; step < 150; step++) {
            const ns = pick(rnd, NAMESPACES);
            const before = resultsOf(documents.all, Mds.model.Governance);
            const record = (documents.getDocument(URI.file(path(ns)))!.parseResult.value as Model).declarations.find(isRecord)!;
            const effectiveBefore = Mds.model.Governance.effective(record);
            const kind = edit(rnd, specs.get(ns)!);
            kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
            files.texts.set(path(ns), render(ns, specs.get(ns)!));
            await shared.workspace.DocumentBuilder.update([URI.file(path(ns))], []);
            const now = resultsOf(documents.all, Mds.model.Governance);
            expect(now, `step ${step}: ${kind} in ${ns}`).toEqual(await fresh(files.texts));
            if (kind === 'comment' || kind === 'definition') {
                // Nothing recomputed: the edited file's first record has the very result object it had.
                const again = (documents.getDocument(URI.file(path(ns)))!.parseResult.value as Model).declarations.find(isRecord)!;
                expect(again).not.toBe(record);
                expect(Mds.model.Governance.effective(again)).toBe(effectiveBefore);
                expect(now).toEqual(before);
                kept++;
            }
        }
        expect(kept).toBeGreaterThan(30);
        expect(kinds.size).toBe(10);
    });

    test('a deleted file and a new one are seen', async () => {
        const files = new MemoryFiles();
        const { shared, Mds } = createMdsServices({ fileSystemProvider: () => files });
        const documents = shared.workspace.LangiumDocuments;
        const texts: Record<string, string> = {
            '/ws/a.mds': 'namespace g.a\nimport g.b\nrecord A "a" { b?: B }\n',
            '/ws/b.mds': 'namespace g.b\nelement S "s" : string { grade core }\nrecord B "b" { s?: S }\n'
        };
        for (const [p, text] of Object.entries(texts)) documents.addDocument(shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(p)));
        await shared.workspace.DocumentBuilder.build([...documents.all], { validation: true });
        const recordA = () => (documents.getDocument(URI.file('/ws/a.mds'))!.parseResult.value as Model).declarations.find(isRecord)!;
        expect(Mds.model.Governance.effective(recordA()).grade).toEqual({ value: 'core', path: 'b.s' });
        await shared.workspace.DocumentBuilder.update([], [URI.file('/ws/b.mds')]);
        expect(Mds.model.Governance.effective(recordA()).grade).toEqual({ value: 'general' });
        files.texts.set('/ws/c.mds', 'namespace g.b\nelement S "s" : string { grade important }\nrecord B "b" { s?: S }\n');
        await shared.workspace.DocumentBuilder.update([URI.file('/ws/c.mds')], []);
        expect(Mds.model.Governance.effective(recordA()).grade).toEqual({ value: 'important', path: 'b.s' });
    });
});
