import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import type { RecordModel, SemanticModel } from '@mds/language';
import { validateFiles } from '../../packages/validate/src/index.js';
import { generateAndInstall, type Generated } from '../generators/generated-packages.js';
import { FIXTURES, modelOf, STANDARDS } from '../generators/helpers.js';
import { recordArbitrary } from '../generators/model-arbitraries.js';

/**
 * One shared corpus, two paths: rows generated from the model (valid and invalid in every
 * constraint kind) are written as JSONL and streamed through `validateFiles`, and each row is
 * also given to the installed npm package's validator. Errors must be identical, row by row.
 */
describe('the streaming validator and the generated packages agree on one shared corpus', () => {
    const models: Array<[string, string]> = [['standards', STANDARDS], ['kitchen', join(FIXTURES, 'kitchen')]];
    const loaded = new Map<string, { model: SemanticModel; generated: Generated; records: RecordModel[] }>();

    beforeAll(async () => {
        for (const [name, dir] of models) {
            const model = await modelOf(dir);
            loaded.set(name, { model, generated: await generateAndInstall(model), records: [...model.declarations.values()].filter((d): d is RecordModel => d.kind === 'record') });
        }
    }, 120_000);

    for (const [name] of models) {
        test(`every record of ${name}, 120 rows each`, async () => {
            const { model, generated, records } = loaded.get(name)!;
            const dir = mkdtempSync(join(tmpdir(), 'mds-agree-'));
            let compared = 0, invalid = 0;
            for (const record of records) {
                const rows = fc.sample(recordArbitrary(model, record), { seed: 7, numRuns: 120 });
                const file = join(dir, `${record.qualifiedName}.jsonl`);
                writeFileSync(file, rows.map(r => JSON.stringify(r)).join('\n') + '\n');
                const report = await validateFiles({ model, record: record.qualifiedName, files: [file], allRows: true, maxErrors: 1e9 });
                expect(report.rows).toHaveLength(rows.length);
                const pkg = generated.runtime(record);
                report.rows.forEach((r, i) => {
                    const own = r.errors.filter(e => e.code !== 'duplicate-key').map(e => `${e.path} ${e.code} ${e.message}`);
                    const theirs = pkg(JSON.parse(JSON.stringify(rows[i]))).errors.map(e => `${e.path} ${e.code} ${e.message}`);
                    expect(own, `${record.qualifiedName} row ${i + 1}: ${JSON.stringify(rows[i])}`).toEqual(theirs);
                    compared++;
                    if (theirs.length) invalid++;
                });
            }
            expect(compared).toBe(records.length * 120);
            expect(invalid / compared).toBeGreaterThan(0.1);
        }, 120_000);
    }
});
