import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CodeListModel, ElementModel, Governance, QName, RecordModel, SemanticModel } from '@mds/language';
import { mds } from '../cli/helpers.js';
import { modelOf } from '../generators/helpers.js';
import { expectClean } from './helpers.js';

/**
 * The resource catalog `mds catalog` writes, imported again, gives back the same elements, code
 * lists and records (identifiers, labels, types, constraints, governance) — on the bundled
 * standards. Only the status differs: whatever is imported is a candidate.
 */
const STANDARDS = join(import.meta.dirname, '../../standards');
const NS = 'minhang.roundtrip';

const local = (q: QName) => q.slice(q.lastIndexOf('.') + 1);
const governance = (g: Governance) => ({ ...g, status: undefined, since: undefined, replacedBy: undefined });

function comparable(m: SemanticModel, d: ElementModel | CodeListModel | RecordModel) {
    const base = { name: d.name, label: d.label, definition: d.definition, synonyms: d.synonyms, governance: governance(d.governance) };
    if (d.kind === 'element') return { ...base, type: 'primitive' in d.type ? d.type : { codeList: local(d.type.codeList) }, constraints: d.constraints };
    if (d.kind === 'codelist') return { ...base, entries: d.entries };
    return {
        ...base, extends: d.extends && local(d.extends), keys: d.keys,
        fields: d.fields.map(f => ({ name: f.name, label: f.label, key: f.key, optional: f.optional, list: f.list, type: local('element' in f.type ? f.type.element : f.type.record) }))
    };
}

describe('the resource catalog round trip', () => {
    test('mds catalog → mds import: every element, code list and record of standards/ comes back equal', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'mds-catalog-rt-'));
        for (const f of readdirSync(STANDARDS).filter(f => f.endsWith('.mds') || f === 'mds.config.json')) copyFileSync(join(STANDARDS, f), join(dir, f));
        expect(mds(['catalog', '.', '--out', 'cat'], dir).code).toBe(0);
        const r = mds(['import', 'cat/catalog.xlsx', '-n', NS, '-o', 'roundtrip.mds'], dir);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expectClean(dir, 'roundtrip.mds');
        const m = await modelOf(dir);
        const originals = [...m.declarations.values()].filter((d): d is ElementModel | CodeListModel | RecordModel =>
            (d.kind === 'element' || d.kind === 'codelist' || d.kind === 'record') && d.namespace !== NS);
        expect(originals.length).toBeGreaterThan(200);
        const imported = [...m.declarations.values()].filter(d => d.namespace === NS);
        expect(imported.length).toBe(originals.length);
        for (const d of originals) {
            const back = m.declarations.get(`${NS}.${d.name}`) as typeof d | undefined;
            expect(back?.kind, d.qualifiedName).toBe(d.kind);
            expect(back!.governance.status).toBe('candidate');
            expect(comparable(m, back!), d.qualifiedName).toEqual(comparable(m, d));
        }
    });
});
