import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RecordModel, SemanticModel } from '@mds/language';
import { fieldPaths, flatColumns, isNested, valueAtNames } from '../../packages/generators/src/index.js';
import { duckDbSource, openDuckDb, openPostgres, postgresSource, validateFiles, validateWithSql, type ValidationReport } from '../../packages/validate/src/index.js';
import { STANDARD } from '../../bench/validate-data.mjs';
import { FIXTURES, modelOf } from '../generators/helpers.js';
import { recordArbitrary } from '../generators/model-arbitraries.js';
import { startPostgres, type TestPostgres } from '../postgres.js';

/**
 * Parity: one shared corpus of valid and invalid rows (generated from the model, every constraint
 * kind), written as CSV; the streaming validator, DuckDB and PostgreSQL must report the same
 * violations per rule and the same invalid rows.
 */
const cell = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return v.every(x => typeof x === 'string' && !/[;；\[]/.test(x) && x.trim() === x && x !== '') ? v.join(';') : JSON.stringify(v);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
};
const csvField = (s: string) => /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;

/** Cell texts at the edges of what each engine reads: numbers beyond a double, odd dates and times, lists, other scripts. */
const HOSTILE = ['1e999', '-1e999', '1e-400', '0e5', '+1', '.5', '5.', '1.0', '1.50', '1_000', '0x10', 'NaN', 'Infinity', '-0', '00012', '1e',
    '١٢', '１２', '2024-02-29', '2023-02-29', '2024-02-29T24:00:00Z', '2024-02-29T23:59:60Z', '2024-02-29\t12:00:00Z', '2024-02-29 12:00:00+08:00',
    '2024-02-29T12:00:00', '12:00:00Z', '23:59:60+08:00', 'true', 'false', '是', '否', 'TRUE', 'yes', 'N', '[]', '["a"]', '[1,2]', '[null]', 'a;b', ';', '；',
    'x'.repeat(300), '😀', 'é', 'ｘ', '"quoted"', "o'brien", '\\', 'null', '310112194912310021', '91310112MA1FL0XX3X', '13800138000', '01', '9',
    ' 12', '12 ', '\u00a012\u3000', ' ', '\u3000', '\t2024-02-29 ', ' true', '310112194912310021 ', 'a\nb', 'a,b', '3101121949123100２1', '1.5e2', '-12.000', '2024-02-29t12:00:00z', '2024-02-29T12:00:00.123456789+08:00'];

function corpus(model: SemanticModel, record: RecordModel, n: number, hostile = false) {
    const columns = flatColumns(model, record).filter(p => !('record' in p.type));
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const rows = fc.sample(recordArbitrary(model, record), { seed: 99, numRuns: n })
        .filter(v => v !== null && typeof v === 'object' && !Array.isArray(v))
        .map(v => columns.map(p => cell(valueAtNames(v, p.names))))
        // With `hostile`, a fifth of the cells replaced by an edge text (seeded).
        .map(cells => hostile ? cells.map(c => next() < 0.2 ? HOSTILE[Math.floor(next() * HOSTILE.length)] : c) : cells)
        // A row with no value at all is a blank CSV line; leave those out.
        .filter(cells => cells.some(c => c !== ''));
    return { columns, rows };
}

/** The two records both parity tests run: name, model, qualified name. */
const CASES: Array<[string, () => Promise<SemanticModel>, string]> = [
    ['bench.quality.Subject (nested record, check characters, codes, decimals, dates)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-parity-std-'));
        writeFileSync(join(dir, 'bench.mds'), STANDARD);
        return modelOf(dir);
    }, 'bench.quality.Subject'],
    ['kitchen.app.Person (every type and format, code lists in lists)', () => modelOf(join(FIXTURES, 'kitchen')), 'kitchen.app.Person']
];

const byRule = (r: ValidationReport) => Object.fromEntries(Object.entries(r.summary.byRule).map(([k, v]) => [k, v.violations]));
const invalidRows = (r: ValidationReport) => r.rows.filter(x => !x.valid).map(x => x.row).sort((a, b) => a - b);

describe('streaming validator, DuckDB and PostgreSQL agree', () => {
    let server: TestPostgres;
    beforeAll(async () => { server = await startPostgres(); }, 120_000);
    afterAll(() => server?.stop());

    for (const [name, load, q] of CASES) for (const hostile of [false, true]) {
        test(`${name}${hostile ? ', a fifth of the cells edge texts' : ''}`, async () => {
            const model = await load();
            const record = model.declarations.get(q) as RecordModel;
            const { columns, rows } = corpus(model, record, 400, hostile);
            const dir = mkdtempSync(join(tmpdir(), 'mds-parity-'));
            const file = join(dir, 'rows.csv');
            writeFileSync(file, [columns.map(c => c.path).join(','), ...rows.map(r => r.map(csvField).join(','))].join('\n') + '\n');

            const stream = await validateFiles({ model, record: q, files: [file], maxErrors: 1e9 });

            const duck = await openDuckDb();
            const dsrc = await duckDbSource(duck, [file], model, record);
            const viaDuck = await validateWithSql({ model, record: q, runner: duck, ...dsrc, input: file, maxErrors: 1e9 });
            // Fewer failing rows asked for than DuckDB's one-scan limit: they come from the scan itself (min_by), not a table of flags.
            const viaDuckOnePass = await validateWithSql({ model, record: q, runner: duck, ...dsrc, input: file, maxErrors: 50_000 });
            duck.close();

            // PostgreSQL: a landing table of text columns, loaded by the owner; checked by a role that may only SELECT.
            const admin = new pg.Client({ connectionString: server.url });
            await admin.connect();
            const table = `parity_${q.replace(/\./g, '_').toLowerCase()}${hostile ? '_edge' : ''}`;
            await admin.query(`DROP TABLE IF EXISTS ${table}`);
            await admin.query(`CREATE TABLE ${table} (mds_row integer PRIMARY KEY, ${columns.map(c => `"${c.path}" text`).join(', ')})`);
            for (let i = 0; i < rows.length; i++) {
                await admin.query(`INSERT INTO ${table} VALUES ($1, ${columns.map((_, k) => `$${k + 2}`).join(', ')})`, [i + 1, ...rows[i].map(c => c === '' ? null : c)]);
            }
            await admin.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mds_reader') THEN CREATE ROLE mds_reader LOGIN; END IF; END $$");
            await admin.query(`GRANT SELECT ON ${table} TO mds_reader`);
            const reader = await openPostgres(server.urlFor('mds_reader'));
            const psrc = await postgresSource(reader, `public.${table}`, model, record);
            const viaPg = await validateWithSql({ model, record: q, runner: reader, ...psrc, input: table, format: 'table', maxErrors: 1e9 });
            await reader.close();
            const denied = await (async () => {
                const c = new pg.Client({ connectionString: server.urlFor('mds_reader') });
                await c.connect();
                try { await c.query(`DELETE FROM ${table}`); return false; } catch { return true; } finally { await c.end(); }
            })();
            const after = (await admin.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n;
            await admin.end();
            expect(denied).toBe(true);
            expect(Number(after)).toBe(rows.length);

            expect(stream.summary.rows).toBe(rows.length);
            expect(stream.summary.invalid).toBeGreaterThan(rows.length * 0.1);
            expect(stream.summary.valid).toBeGreaterThan(rows.length * (hostile ? 0.02 : 0.1));
            expect(byRule(viaDuck)).toEqual(byRule(stream));
            expect(invalidRows(viaDuck)).toEqual(invalidRows(stream));
            expect(byRule(viaPg)).toEqual(byRule(stream));
            expect(invalidRows(viaPg)).toEqual(invalidRows(stream));
            expect(viaPg.summary).toMatchObject({ rows: stream.summary.rows, invalid: stream.summary.invalid });
            // Row by row, the same rules on the same fields (a list's items counted under the list).
            const perRow = (r: ValidationReport) => r.rows.map(x => `${x.row}: ${[...new Set(x.errors.map(e => `${e.path.replace(/\[\d+\]/g, '')} ${e.code}`))].sort().join(', ')}`);
            expect(perRow(viaDuck)).toEqual(perRow(stream));
            expect(perRow(viaPg)).toEqual(perRow(stream));
            expect(viaDuckOnePass.rows).toEqual(viaDuck.rows);
            expect(viaDuckOnePass.summary).toEqual(viaDuck.summary);
            // Per field: present and invalid values; distinct values (few here:
            // counted exactly on every path) and the most frequent invalid values where the text is the value — the
            // streaming validator counts numbers and booleans as read (1.50 and 1.5 alike), the engines their text.
            const textual = new Set(flatColumns(model, record).filter(p => !p.list && ('codeList' in p.type || ('primitive' in p.type && p.type.primitive === 'string'))).map(p => p.path));
            const figures = (r: ValidationReport) => Object.fromEntries(Object.keys(viaPg.fields).map(k => {
                const f = r.fields[k];
                return [k, textual.has(k) ? [f.present, f.invalid, f.distinct, f.distinctEstimated, f.topInvalid] : [f.present, f.invalid]];
            }));
            expect(textual.size).toBeGreaterThan(3);
            // The same fields, nested records included (present when a field below has a value, invalid when a rule below breaks).
            for (const r of [viaDuck, viaDuckOnePass, viaPg]) expect(Object.keys(r.fields).sort()).toEqual(Object.keys(stream.fields).sort());
            expect([...textual].filter(k => stream.fields[k]?.topInvalid.length).length).toBeGreaterThan(1);
            expect(figures(viaDuck)).toEqual(figures(stream));
            expect(figures(viaDuckOnePass)).toEqual(figures(stream));
            expect(figures(viaPg)).toEqual(figures(stream));
        }, 120_000);
    }
});

/**
 * JSONL through DuckDB: JSON values are typed. The streaming validator (the generated validators)
 * reports a value of another JSON type — "5" for a number, 5 for a text or a code, null, "",
 * an array or object for a scalar, a scalar for a list or a nested record, {} for a record, keys
 * that name no field — and DuckDB's JSONL path read every value as text and passed most of them.
 * Seeded rows mixing values of the right type (the generated corpus, its undeclared fields
 * included) with those of every other type.
 */
describe('JSON values: DuckDB (JSONL) and PostgreSQL (jsonb columns) check JSON types as the streaming validator does', () => {
    let server: TestPostgres;
    beforeAll(async () => { server = await startPostgres(); }, 120_000);
    afterAll(() => server?.stop());
    const OTHER: unknown[] = ['5', 5, 2.5, true, null, '', ' ', [1], ['a'], [{}], {}, 'x', '2024-02-29', ' 2024-02-29', '1e999'];
    for (const [name, load, q] of CASES) {
        test(name, async () => {
            const model = await load();
            const record = model.declarations.get(q) as RecordModel;
            let seed = 11;
            const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
            // Every value of a generated row (nested ones too) replaced, a fifth of the time, by a value of another kind.
            const mutate = (v: unknown): unknown => {
                if (next() < 0.2) return OTHER[Math.floor(next() * OTHER.length)];
                if (Array.isArray(v)) return v.map(mutate);
                if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x)]));
                return v;
            };
            // Lists of records are checked by their bounds only in SQL (not item by item): left out, as in the CSV corpus.
            const recordLists = fieldPaths(model, record).filter(p => p.list && 'record' in p.type);
            const rows = fc.sample(recordArbitrary(model, record), { seed: 5, numRuns: 400 })
                .filter(v => v !== null && typeof v === 'object' && !Array.isArray(v))
                .map(v => {
                    for (const p of recordLists) {
                        const parent = valueAtNames(v, p.names.slice(0, -1));
                        if (parent !== null && typeof parent === 'object') delete (parent as Record<string, unknown>)[p.names[p.names.length - 1]];
                    }
                    return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, mutate(x)]));
                });
            const dir = mkdtempSync(join(tmpdir(), 'mds-parity-json-'));
            const file = join(dir, 'rows.jsonl');
            // DuckDB's JSON reader refuses a lone surrogate (JSON.parse reads it), PostgreSQL's jsonb also \u0000: rows with one are left out.
            const kept = rows.filter(r => !/\\u(d[89a-f]|0000)/i.test(JSON.stringify(r)));
            // Lines that are not JSON (each ended a DuckDB run), blank lines, and a value holding U+0000 (which cut DuckDB's SQL short).
            const broken = ['{"id": ', 'not json', '{"a":1}}', '\t', '', '{"id": "\\u0000"}'];
            writeFileSync(file, kept.flatMap((r, i) => i % 37 === 5 ? [broken[(i / 37 | 0) % broken.length], JSON.stringify(r)] : [JSON.stringify(r)]).join('\n') + '\n');

            const stream = await validateFiles({ model, record: q, files: [file], maxErrors: 1e9 });
            const duck = await openDuckDb();
            const dsrc = await duckDbSource(duck, [file], model, record);
            expect(dsrc.jsonTypes).toBe(true);
            const viaDuck = await validateWithSql({ model, record: q, runner: duck, ...dsrc, input: file, maxErrors: 1e9 });
            const viaDuckOnePass = await validateWithSql({ model, record: q, runner: duck, ...dsrc, input: file, maxErrors: 50_000 });
            duck.close();

            // PostgreSQL: the same objects in a table of jsonb columns, one per top-level field, checked by a SELECT-only
            // role. A table has no place for an undeclared top-level key: those are left out, and the streaming validator
            // reads the same objects without them.
            const top = fieldPaths(model, record).filter(p => p.names.length === 1).map(p => p.path);
            const declared = kept.map(r => Object.fromEntries(top.filter(k => k in r).map(k => [k, (r as Record<string, unknown>)[k]])));
            const declaredFile = join(dir, 'declared.jsonl');
            writeFileSync(declaredFile, declared.map(r => JSON.stringify(r)).join('\n') + '\n');
            const streamDeclared = await validateFiles({ model, record: q, files: [declaredFile], maxErrors: 1e9 });
            const table = `jsonb_${q.replace(/\./g, '_').toLowerCase()}`;
            const admin = new pg.Client({ connectionString: server.url });
            await admin.connect();
            await admin.query(`CREATE TABLE ${table} (mds_row integer PRIMARY KEY, ${top.map(k => `"${k}" jsonb`).join(', ')})`);
            for (const [i, r] of declared.entries()) {
                await admin.query(`INSERT INTO ${table} VALUES ($1, ${top.map((_, k) => `$${k + 2}`).join(', ')})`, [i + 1, ...top.map(k => k in r ? JSON.stringify(r[k]) : null)]);
            }
            await admin.query("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'mds_reader') THEN CREATE ROLE mds_reader LOGIN; END IF; END $$");
            await admin.query(`GRANT SELECT ON ${table} TO mds_reader`);
            await admin.end();
            const reader = await openPostgres(server.urlFor('mds_reader'));
            const psrc = await postgresSource(reader, `public.${table}`, model, record);
            const viaPg = await validateWithSql({ model, record: q, runner: reader, ...psrc, input: table, format: 'table', maxErrors: 1e9 });
            await reader.close();

            expect(stream.summary.byRule.type?.violations).toBeGreaterThan(20);
            expect(stream.summary.byRule['json-syntax']?.violations).toBeGreaterThan(3);
            expect(stream.summary.byRule.additionalProperties?.violations).toBeGreaterThan(5);
            expect(streamDeclared.summary.byRule.type?.violations).toBeGreaterThan(20);
            // Undeclared keys of nested objects (in jsonb), where the record has nested records.
            if (fieldPaths(model, record).some(isNested)) expect(streamDeclared.summary.byRule.additionalProperties?.violations).toBeGreaterThan(2);
            // An undeclared field: the streaming validator names it, the SQL checks its object (they count the keys).
            const streams = new Set([stream, streamDeclared]);
            const objectOf = (e: { path: string; code: string }, r: ValidationReport) => e.code === 'additionalProperties' && streams.has(r) ? e.path.split('.').slice(0, -1).join('.') : e.path;
            const perRow = (r: ValidationReport) => r.rows.map(x => `${x.row}: ${[...new Set(x.errors.map(e => `${objectOf(e, r).replace(/\[\d+\]/g, '')} ${e.code}`))].sort().join(', ')}`);
            // Present and invalid values per field; the most frequent invalid values of text and code fields.
            const textual = new Set(flatColumns(model, record).filter(p => !p.list && ('codeList' in p.type || ('primitive' in p.type && p.type.primitive === 'string'))).map(p => p.path));
            for (const [r, s] of [[viaDuck, stream], [viaDuckOnePass, stream], [viaPg, streamDeclared]] as const) {
                expect(byRule(r)).toEqual(byRule(s));
                expect(invalidRows(r)).toEqual(invalidRows(s));
                expect(perRow(r)).toEqual(perRow(s));
                const figures = (x: ValidationReport) => Object.fromEntries(Object.keys(s.fields).map(k => [k, [x.fields[k]?.present, x.fields[k]?.invalid, ...(textual.has(k) ? [x.fields[k]?.topInvalid] : [])]]));
                expect(figures(r)).toEqual(figures(s));
            }
        }, 120_000);
    }
});
