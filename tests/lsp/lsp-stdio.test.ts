import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
    CodeActionRequest, CodeLensRequest, CompletionRequest, InlayHintRequest, DefinitionRequest, DocumentFormattingRequest, DocumentSymbolRequest,
    FoldingRangeRequest, HoverRequest, ReferencesRequest, RenameRequest, SemanticTokensRequest, WorkspaceSymbolRequest,
    type CompletionItem, type CompletionList, type Location, type LocationLink, type MarkupContent, type TextEdit
} from 'vscode-languageserver-protocol/node';
import { MDS_BIN } from '../cli/helpers.js';
import { applyEdits, LspClient } from './lsp-client.js';
import { zipEntries } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/contract');
const BAD = `namespace t.bad
import minhang.common

record Broken "坏数据集" {
  steward Missing
  owner: QGAJ
  id: CitizenId
}
`;

describe('the language server over stdio (JSON-RPC)', () => {
    let root: string;
    let client: LspClient;

    beforeAll(async () => {
        root = mkdtempSync(join(tmpdir(), 'mds-lsp-'));
        cpSync(FIXTURES, root, { recursive: true });
        writeFileSync(join(root, 'bad.mds'), BAD);
        writeFileSync(join(root, 'mds.config.json'), JSON.stringify({ schemaBaseUri: 'https://standards.test.example/schema/', scope: '@lsp-test' }));
        client = new LspClient(root);
        await client.initialize('en');
    });

    afterAll(async () => {
        await client.close();
    });

    test('publishes the diagnostics of every workspace file, identical to mds check', async () => {
        const diagnostics = await client.waitForDiagnostics('bad.mds', d => d.length > 0);
        const cli = JSON.parse(spawnSync(process.execPath, [MDS_BIN, 'check', '.', '--format', 'json', '--locale', 'en'], { cwd: root, encoding: 'utf8' }).stdout);
        const fromCli = cli.filter((d: { file: string }) => d.file === 'bad.mds')
            .map((d: { line: number; column: number; endLine: number; endColumn: number; code: string; message: string }) =>
                `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.code} ${d.message}`);
        const fromLsp = diagnostics.map(d => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`);
        expect(fromLsp.sort()).toEqual(fromCli.sort());
        expect(fromLsp.some(l => l.startsWith('5:11-5:18 mds/unresolved-reference'))).toBe(true);
        expect(fromLsp.some(l => l.startsWith('6:10-6:14 mds/wrong-kind'))).toBe(true);
        expect((await client.waitForDiagnostics('population.mds')).length).toBe(0);
    });

    test('opening a file as it is on disk publishes its diagnostics and rebuilds nothing else', async () => {
        await client.waitForDiagnostics('population.mds');
        await client.waitForDiagnostics('bad.mds', d => d.length > 0);
        await client.waitForDiagnostics('common.mds');
        await new Promise(resolve => setTimeout(resolve, 200)); // the workspace's first build has returned (no open is skipped during a build)
        const from = client.published.length;
        // common.mds is imported by population.mds and bad.mds: a rebuild would publish theirs again.
        const diagnostics = await client.open('common.mds');
        expect(diagnostics).toEqual(client.diagnostics.get(client.uri('common.mds')));
        await new Promise(resolve => setTimeout(resolve, 1500));
        expect(client.published.slice(from)).toEqual([client.uri('common.mds')]);
        // The open document is the editor's from now on: an edit is built and its dependents after it.
        const text = client.texts.get('common.mds')!;
        let rebuilt = Promise.all(['common.mds', 'population.mds', 'bad.mds'].map(f => client.nextDiagnostics(f)));
        await client.change('common.mds', text + '\n// edited\n');
        await rebuilt;
        rebuilt = Promise.all(['common.mds', 'population.mds', 'bad.mds'].map(f => client.nextDiagnostics(f)));
        await client.change('common.mds', text);
        await rebuilt;
    });

    test('fixing a definition in one file clears errors in another', async () => {
        await client.open('common.mds');
        const fixed = client.texts.get('common.mds')! + '\ndepartment Missing "新部门" { level district }\n';
        await client.change('common.mds', fixed);
        const after = await client.waitForDiagnostics('bad.mds', d => !d.some(x => x.code === 'mds/unresolved-reference'));
        expect(after.map(d => d.code)).toEqual(['mds/wrong-kind']);
        await client.change('common.mds', readFileSync(join(FIXTURES, 'common.mds'), 'utf8'));
        await client.waitForDiagnostics('bad.mds', d => d.some(x => x.code === 'mds/unresolved-reference'));
    });

    test('after an edit, the files that use the edited one are rebuilt and see it (rule 5 across files)', async () => {
        await client.waitForDiagnostics('population.mds');
        await client.open('common.mds');
        const original = client.texts.get('common.mds')!;
        // CitizenId becomes share none: Person (population.mds, not open) declares share conditional and has a CitizenId key (rule 5).
        const stricter = original.replace(/(element CitizenId[\s\S]*?)share conditional/, '$1share none');
        expect(stricter).not.toBe(original);
        const from = client.published.length;
        await client.change('common.mds', stricter);
        const population = await client.waitForDiagnostics('population.mds', d => d.some(x => x.code === 'mds/record-more-shared'));
        expect(population.find(x => x.code === 'mds/record-more-shared')!.message).toContain('share none');
        // The edited file itself was published (built on its own, before its dependents).
        expect(client.published.slice(from)).toContain(client.uri('common.mds'));
        await client.change('common.mds', original);
        await client.waitForDiagnostics('population.mds', d => !d.some(x => x.code === 'mds/record-more-shared'));
    });

    async function complete(file: string, needle: string, offset: number): Promise<CompletionItem[]> {
        const r = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: client.uri(file) }, position: client.at(file, needle, offset) });
        return Array.isArray(r) ? r : (r as CompletionList | null)?.items ?? [];
    }

    test('completion offers what the place accepts', async () => {
        const text = `namespace t.edit
import minhang.common

record R "r" {
  a: 
}
element S "s" : string { steward  }
flow F "f" { carries  }
flow G "g" { carries Pers }
element E "e" : string { share  }
`;
        await client.open('edit.mds', text);
        const labels = (items: CompletionItem[]) => items.map(i => i.label);
        const fieldType = labels(await complete('edit.mds', 'a: ', 3));
        expect(fieldType).toEqual(expect.arrayContaining(['CitizenId', 'Age', 'R']));
        expect(fieldType).not.toContain('QGAJ');
        expect(fieldType).not.toContain('Gender');
        const steward = labels(await complete('edit.mds', 'steward ', 8));
        expect(steward).toEqual(expect.arrayContaining(['QGAJ', 'QZF']));
        expect(steward).not.toContain('CitizenId');
        const carries = await complete('edit.mds', 'carries ', 8);
        expect(labels(carries)).toContain('R');
        expect(labels(carries)).not.toContain('CitizenId');
        expect(carries.find(i => i.label === 'minhang.population.Person')).toBeUndefined();
        const typed = await complete('edit.mds', 'carries Pers', 12);
        const qualified = typed.find(i => i.label === 'minhang.population.Person');
        expect(qualified?.additionalTextEdits?.[0].newText).toBe('\nimport minhang.population');
        expect(labels(await complete('edit.mds', 'share ', 6))).toEqual(['unconditional', 'conditional', 'none']);
    });

    test('a completion sent right after an edit sees the edit', async () => {
        const before = 'namespace t.typing\nimport minhang.common\n\nrecord T "t" {\n  a: \n}\n';
        await client.open('typing.mds', before);
        for (let i = 0; i < 3; i++) {
            await client.change('typing.mds', before + `element Fresh${i} "新${i}" : string\n`);
            // No wait for diagnostics: the request itself must wait for the rebuild of the edited file.
            const labels = (await complete('typing.mds', 'a: ', 3)).map(c => c.label);
            expect(labels).toContain(`Fresh${i}`);
            expect(labels).not.toContain(`Fresh${i - 1}`);
            expect(labels).toContain('CitizenId');
        }
    });

    test('hover shows label, kind, definition, constraints, governance and the file', async () => {
        await client.open('population.mds');
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('population.mds') }, position: client.at('population.mds', 'key id: CitizenId', 9) });
        const value = (hover?.contents as MarkupContent).value;
        for (const part of ['**公民身份号码** `CitizenId` — 数据元 · `minhang.common`', '长度 18', '格式 gb11643', '按 GB 11643 编制',
            '数源部门 闵行区公安分局', '重要数据', '含个人信息', '有条件共享', '*common.mds:']) {
            expect(value).toContain(part);
        }
    });

    test('hover on a field name shows the field and its type', async () => {
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('population.mds') }, position: client.at('population.mds', 'birthDate?:', 2) });
        const value = (hover?.contents as MarkupContent).value;
        expect(value).toContain('字段 `birthDate`（可选）');
        expect(value).toContain('**出生日期** `BirthDate`');
    });

    test('go to definition lands in the other file', async () => {
        const r = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: client.uri('population.mds') }, position: client.at('population.mds', 'sex: Sex', 6) });
        const first = (Array.isArray(r) ? r[0] : r) as Location | LocationLink;
        const uri = 'targetUri' in first ? first.targetUri : first.uri;
        const range = 'targetSelectionRange' in first ? first.targetSelectionRange : first.range;
        expect(uri).toBe(client.uri('common.mds'));
        expect(client.texts.get('common.mds')!.split('\n')[range.start.line].slice(range.start.character, range.end.character)).toBe('Sex');
    });

    test('find references across files', async () => {
        const refs = await client.connection.sendRequest(ReferencesRequest.type, {
            textDocument: { uri: client.uri('common.mds') }, position: client.at('common.mds', 'codelist Gender', 9), context: { includeDeclaration: true }
        });
        const where = (refs ?? []).map(l => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line + 1}`).sort();
        expect(where).toEqual(['common.mds:12', 'common.mds:49']);
    });

    test('rename edits every file, qualified references keep their namespace, clashes are refused', async () => {
        const params = { textDocument: { uri: client.uri('common.mds') }, position: client.at('common.mds', 'element Sex', 8) };
        const edit = await client.connection.sendRequest(RenameRequest.type, { ...params, newName: 'SexCode' });
        const changes = edit?.changes ?? {};
        const population = applyEdits(client.texts.get('population.mds')!, changes[client.uri('population.mds')]);
        expect(population).toContain('sex: SexCode');
        expect(population).toContain('division?: minhang.common.SexCode');
        expect(applyEdits(client.texts.get('common.mds')!, changes[client.uri('common.mds')])).toContain('element SexCode "性别"');
        await expect(client.connection.sendRequest(RenameRequest.type, { ...params, newName: 'Age' })).rejects.toThrow(/already declares Age/);
        await expect(client.connection.sendRequest(RenameRequest.type, { ...params, newName: '性别' })).rejects.toThrow(/not an identifier/);
        // `Person` is free in minhang.common, but population.mds refers to Sex by simple name and has its own Person.
        await expect(client.connection.sendRequest(RenameRequest.type, { ...params, newName: 'Person' })).rejects.toThrow(/would mean something else in population\.mds/);
    });

    test('formatting is canonical and idempotent', async () => {
        const messy = 'namespace   t.fmt\nimport minhang.common\nelement X   "x":string{length  1 .. 5\nunit "个"}\nrecord R{key a :X\nb ?:X [ 0 .. 2 ]  "标签"}\n';
        await client.open('fmt.mds', messy);
        const format = async () => client.connection.sendRequest(DocumentFormattingRequest.type, {
            textDocument: { uri: client.uri('fmt.mds') }, options: { tabSize: 2, insertSpaces: true }
        }) as Promise<TextEdit[]>;
        const once = applyEdits(messy, await format());
        expect(once).toBe('namespace t.fmt\nimport minhang.common\n\nelement X "x" : string {\n  length 1..5\n  unit "个"\n}\nrecord R {\n  key a: X\n  b?: X[0..2] "标签"\n}\n');
        const rebuilt = client.nextDiagnostics('fmt.mds');
        await client.change('fmt.mds', once);
        await rebuilt;
        expect(applyEdits(once, await format())).toBe(once);
    });

    test('code action adds the missing import, and the file then checks clean', async () => {
        const text = 'namespace t.fix\n\nrecord R { p?: Person }\n';
        await client.open('fix.mds', text);
        const [d] = await client.waitForDiagnostics('fix.mds', ds => ds.some(x => x.code === 'mds/unresolved-reference'));
        const actions = await client.connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: client.uri('fix.mds') }, range: d.range, context: { diagnostics: [d] }
        });
        const add = (actions ?? []).find(a => 'edit' in a && a.title.startsWith('添加 import'));
        expect(add && 'edit' in add).toBe(true);
        const fixed = applyEdits(text, (add as { edit: { changes: Record<string, TextEdit[]> } }).edit.changes[client.uri('fix.mds')]);
        expect(fixed).toBe('namespace t.fix\nimport minhang.population\n\nrecord R { p?: Person }\n');
        await client.change('fix.mds', fixed);
        expect(await client.waitForDiagnostics('fix.mds', ds => ds.length === 0)).toEqual([]);
    });

    test('workspace symbols by identifier and by Chinese label; outline, folding, semantic tokens', async () => {
        const byLabel = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '身份号码' });
        expect((byLabel ?? []).map(s => s.name)).toContain('CitizenId 公民身份号码');
        const byName = await client.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'citizenid' });
        expect((byName ?? []).map(s => s.name)).toContain('CitizenId 公民身份号码');
        const outline = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: client.uri('population.mds') } });
        expect((outline ?? []).map(s => s.name)).toEqual(expect.arrayContaining(['Person', 'Student', 'StudentToHub']));
        expect((outline as Array<{ name: string; detail?: string }>).find(s => s.name === 'Person')?.detail).toBe('自然人');
        const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: client.uri('population.mds') } });
        expect((folds ?? []).length).toBeGreaterThan(5);
        const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: client.uri('population.mds') } });
        expect(tokens?.data.length).toBeGreaterThan(50);
    });

    test('inlay hints show labels after references; code lenses count the records using an element', async () => {
        const hints = await client.connection.sendRequest(InlayHintRequest.type, {
            textDocument: { uri: client.uri('population.mds') }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } }
        });
        const at = client.at('population.mds', 'key id: CitizenId', 17);
        expect((hints ?? []).find(h => h.position.line === at.line && h.position.character === at.character)?.label).toBe('公民身份号码');
        const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: client.uri('common.mds') } });
        const line = client.at('common.mds', 'element CitizenId').line;
        expect((lenses ?? []).find(l => l.range.start.line === line)?.command?.title).toBe('被 2 个数据集使用');
    });

    test('mds/preview returns the generated JSON Schema and TypeScript of the record under the cursor', async () => {
        const result = await client.connection.sendRequest('mds/preview', {
            textDocument: { uri: client.uri('population.mds') }, position: client.at('population.mds', 'sex: Sex', 2)
        }) as { record: string; schema: string; typescript: string };
        expect(result.record).toBe('minhang.population.Person');
        expect(JSON.parse(result.schema).$id).toMatch(/minhang\.population\/Person\.schema\.json$/);
        expect(result.typescript).toContain('export interface Person {');
        expect(result.typescript).toContain('sex: minhang_common.Sex;');
        // The same configuration as mds build, and the imports the interface needs.
        expect(JSON.parse(result.schema).$id).toBe('https://standards.test.example/schema/minhang.population/Person.schema.json');
        expect(result.typescript).toContain("import type * as minhang_common from '@lsp-test/minhang-common';");
        // Anywhere inside the record's braces, not only on a field line.
        for (const position of [client.at('population.mds', 'status draft', 12), client.at('population.mds', 'status draft', 13), client.at('population.mds', 'record Person', 3)]) {
            const anywhere = await client.connection.sendRequest('mds/preview', { textDocument: { uri: client.uri('population.mds') }, position }) as { record: string } | null;
            expect(anywhere?.record).toBe('minhang.population.Person');
        }
    });

    test('a burst of random edits, garbage and half-typed declarations never kills the server', async () => {
        if (!client.texts.has('population.mds')) await client.open('population.mds');
        const base = client.texts.get('population.mds')!;
        let seed = 42;
        const random = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
        const junk = ['record', '{', '}', '"', 'element X "x" :', '..', 'key', '?', ':', '[', ']', '/*', '\u0000', '中文', 'import', 'status standrad'];
        let text = base;
        const failures: string[] = [];
        for (let i = 0; i < 150; i++) {
            const at = random(text.length + 1);
            const op = random(3);
            text = op === 0 ? text.slice(0, at) + junk[random(junk.length)] + text.slice(at)
                : op === 1 ? text.slice(0, at) + text.slice(at + random(20))
                    : text.slice(0, at) + '\n' + text.slice(at);
            await client.change('population.mds', text);
            if (i % 10 === 9) {
                // Requests against the broken text must be answered, not crash the server.
                const lines = text.split('\n');
                const line = random(lines.length);
                const position = { line, character: random(lines[line].length + 1) };
                const document = { uri: client.uri('population.mds') };
                const answers = await Promise.allSettled([
                    client.connection.sendRequest(CompletionRequest.type, { textDocument: document, position }),
                    client.connection.sendRequest(HoverRequest.type, { textDocument: document, position }),
                    client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: document, options: { tabSize: 2, insertSpaces: true } }),
                    client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: document })
                ]);
                failures.push(...answers.filter(a => a.status === 'rejected').map(a => String((a as PromiseRejectedResult).reason)));
            }
        }
        expect(failures).toEqual([]);
        await client.change('population.mds', base);
        expect(await client.waitForDiagnostics('population.mds', d => d.length === 0)).toEqual([]);
        const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: client.uri('population.mds') }, position: client.at('population.mds', 'sex: Sex', 6) });
        expect((hover?.contents as MarkupContent).value).toContain('性别');
        expect(client.exited).toBe(false);
    });
});

describe('the standards folders setting', () => {
    test('the server loads only the configured folders, and still checks a file opened elsewhere', async () => {
        const root = mkdtempSync(join(tmpdir(), 'mds-folders-'));
        mkdirSync(join(root, 'standards'));
        mkdirSync(join(root, 'scratch'));
        writeFileSync(join(root, 'standards/a.mds'), 'namespace t.a\nelement X "x" : string\n');
        writeFileSync(join(root, 'scratch/b.mds'), 'namespace t.b\nrecord R { x: Missing }\n');
        const client = new LspClient(root);
        await client.initialize('en', { standardsFolders: ['standards'] });
        expect(await client.waitForDiagnostics('standards/a.mds')).toEqual([]);
        expect(client.diagnostics.has(client.uri('scratch/b.mds'))).toBe(false);
        const opened = await client.open('scratch/b.mds');
        expect(opened.map(d => d.code)).toEqual(['mds/unresolved-reference']);
        await client.close();
    });
});

describe('the .vsix package', () => {
    test('contains the bundled client and server, no node_modules, and its server runs on its own', async () => {
        const repo = join(import.meta.dirname, '../..');
        const r = spawnSync('npm', ['run', 'package', '--workspace', 'extension', '--silent'], { cwd: repo, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const vsix = join(repo, 'extension/mds.vsix');
        const entries = await zipEntries(vsix);
        const names = entries.map(e => e.name);
        expect(names).toEqual(expect.arrayContaining([
            'extension/package.json', 'extension/out/extension.cjs', 'extension/out/server.cjs',
            'extension/syntaxes/mds.tmLanguage.json', 'extension/language-configuration.json', 'extension/snippets/mds.json'
        ]));
        expect(names.filter(n => n.includes('node_modules') || n.endsWith('.ts') || n.endsWith('.map'))).toEqual([]);
        expect(statSync(vsix).size).toBeLessThan(2_000_000);
        // The server alone, in a folder without node_modules, answers initialize and checks a file.
        const alone = mkdtempSync(join(tmpdir(), 'mds-vsix-'));
        const server = join(alone, 'server.cjs');
        writeFileSync(server, entries.find(e => e.name === 'extension/out/server.cjs')!.data);
        writeFileSync(join(alone, 'a.mds'), 'namespace t.a\nrecord R { x: Nope }\n');
        const client = new LspClient(alone, server);
        await client.initialize('zh');
        const [d] = await client.waitForDiagnostics('a.mds', ds => ds.length > 0);
        expect(d.message).toContain('找不到 `Nope`');
        await client.close();
    });
});
