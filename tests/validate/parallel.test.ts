import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { SemanticModel } from '@mds/language';
import { startWorkersFor, validateFiles, type ValidateOptions } from '../../packages/validate/src/index.js';
import { earlyWorkerCount, startWorkersEarly, WorkerPool, workerExecArgv, workerScript, youngGenerationMb } from '../../packages/validate/src/parallel.js';
import { modelOf } from '../generators/helpers.js';
import { citizenId } from '../generators/model-arbitraries.js';
import { TextEncoderGb } from './gb18030.js';
import { seededRandom } from '../helpers.js';

/**
 * Two paths, one answer: a large file is cut into chunks at record boundaries and checked in
 * worker threads, a small one in-process. Seeded corpora with every hazard of a chunk cut
 * (quoted cells with commas, quotes and line breaks, CRLF and lone CR line ends, blank lines,
 * ragged rows, repeated keys far apart, broken JSON lines, a BOM, GB18030) are validated both
 * ways, with chunks of a few hundred bytes so that every hazard meets a cut: the reports must
 * be identical, apart from nothing.
 */
const STANDARD = `namespace par.test
version "1.0.0"

department DEPT "区数据局" { level district }

codelist Color "颜色" { "R" "红" "G" "绿" "B" "蓝" }

element Id "公民身份号码" : string { format gb11643 }
element Name "名称" : string { length 1..8 }
element Amount "金额" : decimal { range 0..1000  scale 2 }
element Count "数量" : integer { range 0..99 }
element Tint "颜色" : Color
element Updated "更新时间" : datetime
element Code "代码" : string { pattern "[A-Z]{2}[0-9]{2}" }

record Place "地点" {
  code: Code
  note?: Name
}

record Item "条目" {
  update daily
  key id: Id
  name: Name
  amount?: Amount
  count: Count
  tint?: Tint
  tags?: Name[0..3]
  updated: Updated
  place: Place
}

record Tag "标签" {
  key name: Name
  count: Count
}
`;

const COLUMNS = ['id', 'name', 'amount', 'count', 'tint', 'tags', 'updated', 'place.code', 'place.note'];
const LABELS = ['公民身份号码', 'name', '金额', '数量', '颜色', 'tags', '更新时间', '地点.代码', '地点.名称'];

/** Cells of one row, some broken, some hazardous for a chunk cut. */
function cells(r: () => number, n: number): string[] {
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const id = r() < 0.05 && n > 10 ? citizenId(310112, '1980-01-01', Math.floor(r() * n)) : citizenId(310112, '1980-01-01', n);
    return [
        r() < 0.03 ? id.slice(0, 17) + 'Y' : id,
        // 1.10105E+17: a number as Excel writes it to CSV, counted per field (lossyNumbers) in each worker.
        pick(['张三', '李四', 'a,b', 'say "hi"', '两行\n文字', 'x\r\ny', '很长很长很长很长很长的名字', '', '1.10105E+17']),
        pick(['12.5', '0.123', '-1', '', '1000', 'abc']),
        pick(['1', '42', '100', '', '7.5']),
        pick(['R', 'G', 'B', 'X', '']),
        pick(['', 'a;b', '["q","r"]', 'a;b;c;d', '一;二']),
        pick(['2026-11-28T08:00:00+08:00', '2026-01-01T00:00:00Z', 'not a time', '2026-11-29 10:00:00+08:00']),
        pick(['AB12', 'ab12', 'CD34', '']),
        pick(['', '备注', '"引号"'])
    ];
}

function csvCell(c: string): string {
    return /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c;
}

interface Corpus { name: string; bytes: Buffer; ext: 'csv' | 'jsonl'; options?: Partial<ValidateOptions>; /** Records longer than a chunk (fewer chunks than bytes / chunk size). */ long?: boolean }

function corpora(): Corpus[] {
    const r = seededRandom(20261130);
    const rows = Array.from({ length: 400 }, (_, i) => cells(r, i));
    const csv = (eol: string, header: string[], extra?: (line: string, i: number) => string) =>
        [header.join(','), ...rows.map((c, i) => { const line = c.map(csvCell).join(','); return extra ? extra(line, i) : line; })].join(eol) + eol;
    const ragged = (line: string, i: number) => i % 37 === 5 ? line + ',extra' : i % 41 === 9 ? line.split(',').slice(0, 3).join(',') : i % 29 === 3 ? eolBlank(line) : line;
    const eolBlank = (line: string) => line + '\n';
    const jsonRow = (c: string[], i: number) => {
        if (i % 31 === 7) return '{"id": "broken';
        const o: Record<string, unknown> = {};
        c.forEach((v, k) => {
            if (v === '') return;
            const path = COLUMNS[k].split('.');
            let node = o;
            for (const p of path.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
            node[path[path.length - 1]] = k === 2 || k === 3 ? (Number.isNaN(Number(v)) ? v : Number(v)) : k === 5 ? v.split(';') : v;
        });
        return JSON.stringify(o);
    };
    return [
        { name: 'CSV, LF, field names', ext: 'csv', bytes: Buffer.from(csv('\n', COLUMNS)) },
        // A sheet's CSV export: a title and a 填报单位 line above the header (skipped by both readers, said as titleRows).
        { name: 'CSV, title rows above the header', ext: 'csv', bytes: Buffer.from('闵行区条目表,,,\n\n"填报单位：区数据局",,"日期：2026-11-30"\n' + csv('\n', COLUMNS)) },
        { name: 'CSV, CRLF, Chinese labels, BOM', ext: 'csv', bytes: Buffer.from('\uFEFF' + csv('\r\n', LABELS)) },
        { name: 'CSV, lone CR line ends', ext: 'csv', bytes: Buffer.from(csv('\r', COLUMNS)) },
        { name: 'CSV, ragged rows and blank lines', ext: 'csv', bytes: Buffer.from('\n\n' + csv('\n', COLUMNS, ragged)) },
        { name: 'CSV, an unbalanced quote at the end', ext: 'csv', bytes: Buffer.from(csv('\n', COLUMNS) + `${citizenId(310112, '1980-01-01', 999)},"never closed,1\n2,3\n`) },
        // The test's GB18030 encoder knows a few characters: the others become 张.
        { name: 'CSV, GB18030', ext: 'csv', bytes: Buffer.from(new TextEncoderGb().encode(csv('\r\n', COLUMNS).replace(/[^\x00-\x7f公民身份号码名称张三]/g, '张'))) },
        // A worker decodes its chunk in pieces (a quarter of the chunk, at most 32 KB): these cells span pieces, and chunks.
        { name: 'CSV, long quoted cells with line breaks', ext: 'csv', long: true, bytes: Buffer.from([COLUMNS.join(','), ...rows.map((c, i) => (i % 40 === 10 ? [c[0], '长文本，"引号"\r\n'.repeat(150 + i), ...c.slice(2)] : c).map(csvCell).join(','))].join('\n') + '\n') },
        { name: 'JSONL, broken lines and blank lines', ext: 'jsonl', bytes: Buffer.from(rows.map((c, i) => jsonRow(c, i) + (i % 23 === 4 ? '\n' : '')).join('\n') + '\n') },
        { name: 'JSONL, CRLF, no final line end', ext: 'jsonl', bytes: Buffer.from('\uFEFF' + rows.map(jsonRow).join('\r\n')) }
    ];
}

describe('worker threads and the in-process path give the same report', () => {
    let model: SemanticModel;
    const dir = mkdtempSync(join(tmpdir(), 'mds-parallel-'));
    /** A stand-in worker script (its URL), for the pool's handling of workers that fail, end or wait. */
    const workerFile = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return new URL(`file://${join(dir, name)}`);
    };
    /** An init for stand-in workers, which never check anything. */
    const NO_CHECK = { sources: { modules: [], module: 'm', name: 'X' }, setup: { paths: [], keys: [], allRows: false }, budget: 1 };

    beforeAll(async () => {
        const std = join(dir, 'std');
        (await import('node:fs')).mkdirSync(std);
        writeFileSync(join(std, 'par.mds'), STANDARD);
        model = await modelOf(std);
    });

    const run = (file: string, options: Partial<ValidateOptions>) =>
        validateFiles({ model, record: 'par.test.Item', files: [file], asOf: new Date('2026-11-29T00:00:00+08:00'), ...options });

    for (const [i, corpus] of corpora().entries()) {
        test(corpus.name, async () => {
            const file = join(dir, `c${i}.${corpus.ext}`);
            writeFileSync(file, corpus.bytes);
            for (const options of [{ maxErrors: 1e9 }, { maxErrors: 7 }, { allRows: true, maxErrors: 3 }] as Array<Partial<ValidateOptions>>) {
                const alone = await run(file, { ...options, workers: 0 });
                expect(alone.summary.rows).toBeGreaterThan(300);
                expect(alone.summary.invalid).toBeGreaterThan(10);
                if (corpus.ext === 'csv') expect(alone.fields.name.lossyNumbers).toBeGreaterThan(10);
                if (corpus.name.includes('title rows')) expect(alone.titleRows).toEqual([{ line: 1, text: '闵行区条目表' }, { line: 3, text: '填报单位：区数据局 日期：2026-11-30' }]);
                for (const chunkBytes of [97, 613, 4096]) {
                    // Progress comes once per chunk merged: proof that the chunks went to the workers.
                    let merged = 0;
                    const split = await run(file, { ...options, workers: 2, chunkBytes, onProgress: () => merged++ });
                    expect(merged, 'chunks merged').toBeGreaterThanOrEqual(corpus.long ? 10 : Math.floor(corpus.bytes.length / (chunkBytes * 2)));
                    expect(split, `${corpus.name}, ${JSON.stringify(options)}, chunks of ${chunkBytes} bytes`).toEqual(alone);
                }
            }
        }, 60_000);
    }

    // A large CSV file is taken for UTF-8 from its first megabyte and goes to the workers at once;
    // one that turns out otherwise later is read again as GB18030 (the run starts again), as the
    // in-process path, which reads the whole file first to decide, reads it.
    test('a CSV file UTF-8 for its first megabyte, not after: read as GB18030, as in-process; a byte neither fits: the same error', async () => {
        const text = corpora()[0].bytes.toString('utf8');
        const ascii = text.replace(/[^\x00-\x7f]/g, 'x'), body = ascii.slice(ascii.indexOf('\n') + 1);
        const head = ascii + body.repeat(Math.ceil(1.1 * (1 << 20) / body.length));
        const gb = Buffer.from(new TextEncoderGb().encode(text.slice(text.indexOf('\n') + 1).replace(/[^\x00-\x7f公民身份号码名称张三]/g, '张')));
        const variants = {
            'GB18030 after the first megabyte': Buffer.concat([Buffer.from(head), gb]),
            // 张三 in UTF-8 (e5 bc a0 e4 b8 89) is also three GB18030 characters: rows the workers
            // first read as UTF-8 must be read again.
            'UTF-8 Chinese, then GB18030': Buffer.concat([Buffer.from(head), Buffer.from(body.replace(/x/g, '张三')), gb]),
            'a byte neither fits, late': Buffer.concat([Buffer.from(head), Buffer.from([0x81, 0x0a]), gb]),
        };
        for (const [name, bytes] of Object.entries(variants)) {
            const file = join(dir, 'late.csv');
            writeFileSync(file, bytes);
            const outcome = (p: Promise<unknown>) => p.then(r => r, (e: Error) => `error: ${e.message}`);
            const alone = await outcome(run(file, { maxErrors: 20, workers: 0 }));
            const split = await outcome(run(file, { maxErrors: 20, workers: 2, chunkBytes: 64 << 10 }));
            expect(split, name).toEqual(alone);
            if (name.startsWith('a byte')) expect(alone, name).toMatch(/^error: .*GB18030/);
            else expect((alone as { encoding: string }).encoding, name).toBe('gb18030');
        }
    }, 60_000);

    test('repeated keys across chunks and files name the first line; two files in the workers', async () => {
        const rows = (from: number, n: number) => Array.from({ length: n }, (_, k) => `${citizenId(310112, '1980-01-01', (from + k) % 150)},名${k % 9},1,1,R,,2026-11-28T08:00:00+08:00,AB12,`);
        const a = join(dir, 'a.csv'), b = join(dir, 'b.csv');
        writeFileSync(a, [COLUMNS.join(','), ...rows(0, 300)].join('\n') + '\n');
        writeFileSync(b, [COLUMNS.join(','), ...rows(40, 100)].join('\n') + '\n');
        const alone = await validateFiles({ model, record: 'par.test.Item', files: [a, b], maxErrors: 1e9, workers: 0, asOf: new Date('2026-11-29') });
        const split = await validateFiles({ model, record: 'par.test.Item', files: [a, b], maxErrors: 1e9, workers: 2, chunkBytes: 200, asOf: new Date('2026-11-29') });
        expect(alone.summary.byRule['duplicate-key']).toEqual({ violations: 250, rows: 250 });
        expect(split).toEqual(alone);
        const second = split.rows.find(r => r.file === b && r.row === 1)!;
        expect(second.errors.map(e => e.message)).toEqual([`主键与第 42 行重复 / the key repeats the row on line 42`]);
    });

    test('repeated keys in other scripts (a surrogate pair, quotes) come back from the workers as written', async () => {
        const names = ['𠀀名', '张"三"', 'Ünï', '名,字', 'a\\b'];
        const file = join(dir, 'tags.jsonl');
        writeFileSync(file, Array.from({ length: 600 }, (_, k) => JSON.stringify({ name: `${names[k % names.length]}${k % 97}`, count: k % 50 })).join('\n') + '\n');
        const run = (workers: number) => validateFiles({ model, record: 'par.test.Tag', files: [file], maxErrors: 1e9, workers, chunkBytes: 500, asOf: new Date('2026-11-29') });
        const alone = await run(0), split = await run(2);
        expect(alone.summary.byRule['duplicate-key']?.violations).toBe(600 - 5 * 97); // (k mod 5, k mod 97) repeats after 485 rows
        expect(split).toEqual(alone);
        expect(split.rows.flatMap(r => r.errors.map(e => e.value))).toEqual(expect.arrayContaining(['𠀀名0', '张"三"1', 'a\\b4']));
        expect(split.fields.name.topInvalid.map(t => t.value)).toEqual(['a\\b12', 'a\\b14', 'a\\b17', 'a\\b19', 'a\\b2']);
    });

    test('keys larger than their chunk (short rows) come back in a buffer of their own', async () => {
        // 5-byte rows: a 64 KB chunk holds ~13,000 keys, 25 bytes each in a key batch — more than the chunk's buffer (64 KB + 64 KB).
        const file = join(dir, 'short.csv');
        writeFileSync(file, 'name,count\n' + Array.from({ length: 100_000 }, (_, k) => `${(k % 1000).toString(36)},${k % 10}`).join('\n') + '\n');
        const run = (workers: number) => validateFiles({ model, record: 'par.test.Tag', files: [file], maxErrors: 50, workers, chunkBytes: 65_536, asOf: new Date('2026-11-29') });
        const alone = await run(0), split = await run(2);
        expect(alone.summary.byRule['duplicate-key']).toEqual({ violations: 99_000, rows: 99_000 });
        expect(split).toEqual(alone);
    }, 60_000);

    test('workers started ahead are the ones a validation takes', async () => {
        const file = join(dir, 'ahead.csv');
        writeFileSync(file, corpora()[0].bytes);
        const alone = await run(file, { workers: 0, maxErrors: 100 });
        startWorkersFor([file], { workers: 2 });
        expect(earlyWorkerCount()).toBe(2);
        expect(await run(file, { workers: 2, chunkBytes: 613, maxErrors: 100 })).toEqual(alone);
        expect(earlyWorkerCount()).toBe(0);
        startWorkersFor([file], { sample: 10 }); // sampled: read in-process, no workers
        expect(earlyWorkerCount()).toBe(0);
    }, 60_000);

    test('a worker started ahead that exits before it is taken is not given chunks (they would wait for ever)', async () => {
        const url = workerFile('exits.mjs', 'process.exit(3);\n');
        startWorkersEarly(url, 1, 2);
        await new Promise(resolve => setTimeout(resolve, 500)); // it has exited by now
        const pool = new WorkerPool(url, 1, NO_CHECK);
        try {
            pool.file({ type: 'file', id: 0, format: 'jsonl', encoding: 'utf-8' });
            await expect(pool.chunk({ type: 'chunk', seq: 0, file: 0, buffer: new ArrayBuffer(4), length: 4, first: true })).rejects.toThrow('exited with code 3');
        } finally {
            await pool.close();
        }
        expect(earlyWorkerCount()).toBe(0);
    }, 60_000);

    test('a worker started ahead is taken only by a pool that wants its young generation', async () => {
        const url = workerFile('waits.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => {});\n");
        startWorkersEarly(url, 1, youngGenerationMb(1 << 30));
        const small = new WorkerPool(url, 1, NO_CHECK, youngGenerationMb(1 << 20));
        expect(earlyWorkerCount()).toBe(1);
        const large = new WorkerPool(url, 1, NO_CHECK, youngGenerationMb(1 << 30));
        expect(earlyWorkerCount()).toBe(0);
        await Promise.all([small.close(), large.close()]);
        expect(youngGenerationMb(1 << 20)).toBeGreaterThan(youngGenerationMb(1 << 30));
    }, 60_000);

    test('a worker that ends on its own, even with code 0, fails the chunks in flight', async () => {
        const pool = new WorkerPool(workerFile('ends.mjs', 'setTimeout(() => process.exit(0), 100);\n'), 1, NO_CHECK);
        try {
            pool.file({ type: 'file', id: 0, format: 'jsonl', encoding: 'utf-8' });
            await expect(pool.chunk({ type: 'chunk', seq: 0, file: 0, buffer: new ArrayBuffer(4), length: 4, first: true })).rejects.toThrow('exited with code 0');
        } finally {
            await pool.close();
        }
    }, 60_000);

    test('workers started ahead and never taken do not keep the process alive', () => {
        const file = join(dir, 'ahead-unused.csv');
        writeFileSync(file, corpora()[0].bytes);
        const index = new URL('../../packages/validate/out/index.js', import.meta.url).href;
        const parallel = new URL('../../packages/validate/out/parallel.js', import.meta.url).href;
        const started = Date.now();
        const script = join(dir, 'ahead.mjs');
        writeFileSync(script, `const v = await import(${JSON.stringify(index)}), p = await import(${JSON.stringify(parallel)});\nv.startWorkersFor([${JSON.stringify(file)}], { workers: 2 });\nawait new Promise(resolve => setTimeout(resolve, 300));\nconsole.log(p.earlyWorkerCount());\n`);
        const r = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.trim()).toBe('2'); // started, alive, not taken
        expect(Date.now() - started).toBeLessThan(10_000);
    }, 30_000);

    test('a program run with --input-type and --eval (node -e), or with V8 options (--max-old-space-size), gets working workers', async () => {
        expect(workerExecArgv(['--input-type=module', '-e', 'code', '--max-old-space-size=512', '--input-type', 'commonjs', '--print', 'x', '--eval=y', '--no-warnings']))
            .toEqual(['--max-old-space-size=512', '--no-warnings']);
        const { validatorSources } = await import('@mds/generators');
        const init = { sources: validatorSources(model, 'par.test.Tag'), setup: { paths: [{ names: ['name'], path: 'name' }], keys: [], allRows: false }, budget: 5 };
        const parallel = new URL('../../packages/validate/out/parallel.js', import.meta.url).href;
        const script = [
            `const p = await import(${JSON.stringify(parallel)});`,
            `const pool = new p.WorkerPool(p.workerScript(), 1, ${JSON.stringify(init)});`,
            `pool.file({ type: 'file', id: 0, format: 'jsonl', encoding: 'utf-8' });`,
            `const bytes = new TextEncoder().encode('{"name":"甲","count":1}\\n{"name":"","count":200}\\n');`,
            `const reply = await pool.chunk({ type: 'chunk', seq: 0, file: 0, buffer: bytes.buffer, length: bytes.length, first: true });`,
            `await pool.close();`,
            `console.log(JSON.stringify([reply.result.rows, reply.result.valid]));`
        ].join('\n');
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
        expect(r.stderr).toBe('');
        expect(JSON.parse(r.stdout)).toEqual([2, 1]);
        // V8's and process-wide options, which Node refuses in a worker's execArgv (the run ended with an internal error).
        const v8 = spawnSync(process.execPath, ['--max-old-space-size=4096', '--stack-size=2000', '--title=mds-test', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
        expect(v8.stderr).toBe('');
        expect(JSON.parse(v8.stdout)).toEqual([2, 1]);
    }, 30_000);

    test('each worker\'s totals are its own, whichever answers first (reports do not depend on timing)', async () => {
        const { validatorSources } = await import('@mds/generators');
        const setup = { paths: [{ names: ['name'], path: 'name' }, { names: ['count'], path: 'count' }], keys: [], allRows: false };
        const pool = new WorkerPool(workerScript()!, 2, { sources: validatorSources(model, 'par.test.Tag'), setup, budget: 1 });
        try {
            pool.file({ type: 'file', id: 0, format: 'jsonl', encoding: 'utf-8' });
            const chunk = (seq: number, rows: number) => {
                const bytes = Buffer.from(Array.from({ length: rows }, (_, k) => JSON.stringify({ name: `名${k}`, count: k % 50 })).join('\n') + '\n');
                return pool.chunk({ type: 'chunk', seq, file: 0, buffer: new Uint8Array(bytes).buffer, length: bytes.length, first: seq === 0 });
            };
            // The first worker gets 200,000 rows, the second 3: the second answers "finish" first.
            const replies = [chunk(0, 200_000), chunk(1, 3)];
            const states = await pool.finish();
            await Promise.all(replies);
            expect(states.map(s => s.readable)).toEqual([200_000, 3]);
        } finally {
            await pool.close();
        }
    }, 60_000);

    test('a worker that fails rejects the chunks in flight; none is left unhandled', async () => {
        const pool = new WorkerPool(workerScript()!, 2, { sources: { modules: [], module: 'missing', name: 'X' }, setup: { paths: [], keys: [], allRows: false }, budget: 1 });
        try {
            pool.file({ type: 'file', id: 0, format: 'jsonl', encoding: 'utf-8' });
            const replies = [0, 1, 2, 3].map(seq => pool.chunk({ type: 'chunk', seq, file: 0, buffer: new ArrayBuffer(4), length: 4, first: false }));
            await expect(replies[0]).rejects.toThrow('no generated check for missing X');
            // The others are never awaited here: an unhandled rejection would fail this test run.
            await new Promise(resolve => setTimeout(resolve, 100));
        } finally {
            await pool.close();
        }
    });

    test('a byte that is not UTF-8: the same message, the same byte offset', async () => {
        const file = join(dir, 'bad.jsonl');
        const good = Buffer.from(Array.from({ length: 200 }, (_, k) => JSON.stringify({ id: citizenId(310112, '1980-01-01', k), name: '名' })).join('\n') + '\n');
        writeFileSync(file, Buffer.concat([good, Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]));
        const error = async (options: Partial<ValidateOptions>) => run(file, options).then(() => 'no error', e => (e as Error).message);
        const alone = await error({ workers: 0 });
        expect(alone).toContain(`near byte ${good.length + 1}`);
        expect(await error({ workers: 2, chunkBytes: 300 })).toBe(alone);
    });
});
