import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { CodeListModel, ElementModel, RecordModel, SemanticModel } from '@mds/language';
import { mds } from '../cli/helpers.js';
import { expectClean } from './helpers.js';
import { modelOf } from '../generators/helpers.js';

/**
 * `mds import` of SQL DDL: PostgreSQL/openGauss (COMMENT ON, CHECK, ALTER TABLE … PRIMARY KEY),
 * MySQL (inline COMMENT, ENUM, tinyint(1)) and the DDL `mds sql` itself writes, parsed by
 * node-sql-parser; every result passes `mds check` and `mds format --check`.
 */
const ORG = `namespace t.org
department QGAJ "闵行区公安分局" { level district }
department QMZJ "闵行区民政局" { level district }
`;

function folder(files: Record<string, string> = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'mds-import-sql-'));
    writeFileSync(join(dir, 'org.mds'), ORG);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
}

function importClean(dir: string, source: string, out: string, extra: string[] = []) {
    const r = mds(['import', source, '-n', 't.imported', '-o', out, ...extra], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return expectClean(dir, out);
}

const get = <T>(m: SemanticModel, q: string) => m.declarations.get(q) as T;
const recordByLabel = (m: SemanticModel, label: string) => [...m.declarations.values()].find(d => d.kind === 'record' && d.label === label) as RecordModel;
function fieldsOf(m: SemanticModel, r: RecordModel) {
    return Object.fromEntries(r.fields.map(f => [f.name, { field: f, element: 'element' in f.type ? get<ElementModel>(m, f.type.element) : undefined }]));
}

describe('PostgreSQL / openGauss DDL', () => {
    test('comments, NOT NULL, PRIMARY KEY by ALTER TABLE, CHECK constraints, IN code lists, arrays; other statements skipped', async () => {
        const dir = folder({
            'person.sql': `-- 人口库 (PostgreSQL)
SET client_encoding = 'UTF8';
CREATE SCHEMA rk;
CREATE TABLE rk.t_person (
    id_card_no character varying(18) NOT NULL CHECK (id_card_no ~ '^[0-9]{17}[0-9X]$'),
    person_name varchar(50) NOT NULL CHECK (char_length(person_name) >= 2),
    gender char(1) CHECK (gender IN ('1', '2', '9')),
    age integer CHECK (age BETWEEN 0 AND 150),
    income numeric(12,2) CHECK (income >= 0),
    birth_date date CHECK (birth_date >= DATE '1900-01-01'),
    registered_at timestamp with time zone NOT NULL,
    alive boolean DEFAULT true,
    tags text[],
    extra jsonb,
    CONSTRAINT ck_name CHECK (length(person_name) <= 40)
);
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
ALTER TABLE ONLY rk.t_person ADD CONSTRAINT t_person_pkey PRIMARY KEY (id_card_no);
COMMENT ON TABLE rk.t_person IS '自然人信息表。户籍与居住人口的基础信息';
COMMENT ON COLUMN rk.t_person.id_card_no IS '公民身份号码';
COMMENT ON COLUMN rk.t_person.person_name IS '姓名';
COMMENT ON COLUMN rk.t_person.gender IS '性别';
COMMENT ON COLUMN rk.t_person.income IS '月收入。税前，单位元';
COMMENT ON COLUMN rk.t_person.extra IS '它''s "附加" */ 信息';
CREATE INDEX i_person_name ON rk.t_person (person_name);
`
        });
        const text = importClean(dir, 'person.sql', 'person.mds', ['--steward', '闵行区公安分局']);
        expect(text).toContain('// imported from person.sql:4\nrecord TPerson "自然人信息表" {');
        expect(text).toContain('// imported from person.sql:5\n');
        const m = await modelOf(dir);
        const person = recordByLabel(m, '自然人信息表');
        expect(person).toMatchObject({ definition: '户籍与居住人口的基础信息', keys: ['idCardNo'], governance: { steward: 't.org.QGAJ', status: 'candidate' } });
        const f = fieldsOf(m, person);
        expect(Object.keys(f)).toEqual(['idCardNo', 'personName', 'gender', 'age', 'income', 'birthDate', 'registeredAt', 'alive', 'tags', 'extra']);
        expect(f.idCardNo.element).toMatchObject({ label: '公民身份号码', type: { primitive: 'string' }, constraints: { length: { max: 18 }, pattern: '[0-9]{17}[0-9X]' } });
        expect(f.personName.field.optional).toBe(false);
        expect(f.personName.element!.constraints.length).toEqual({ min: 2, max: 40 });
        const gender = f.gender.element!;
        expect(f.gender.field.optional).toBe(true);
        expect(get<CodeListModel>(m, (gender.type as { codeList: string }).codeList).entries.map(e => e.code)).toEqual(['1', '2', '9']);
        expect(f.age.element).toMatchObject({ type: { primitive: 'integer' }, constraints: { range: { min: 0, max: 150 } } });
        expect(f.income.element).toMatchObject({ label: '月收入', definition: '税前，单位元', type: { primitive: 'decimal' }, constraints: { scale: 2, range: { min: 0 } } });
        expect(f.birthDate.element).toMatchObject({ type: { primitive: 'date' }, constraints: { range: { min: '1900-01-01' } } });
        expect(f.registeredAt.element!.type).toEqual({ primitive: 'datetime' });
        expect(f.registeredAt.field.optional).toBe(false);
        expect(f.alive.element!.type).toEqual({ primitive: 'boolean' });
        expect(f.tags.field.list).toEqual({});
        expect(f.extra.element!.label).toBe('它\'s "附加" */ 信息');
        expect(text).toContain('JSONB 列：结构未知');
    });

    test('pg_dump and openGauss output: identity columns, casts in CHECKs, storage options after the column list', async () => {
        const dir = folder({
            'dump.sql': `SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE IF NOT EXISTS public.t_house (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1),
    house_no character varying(32) DEFAULT ''::character varying NOT NULL,
    floors integer,
    created_at timestamp(6) without time zone DEFAULT now() NOT NULL,
    CONSTRAINT t_house_floors_check CHECK (((floors >= (1)::integer) AND (floors <= 200)))
);
ALTER TABLE ONLY public.t_house ADD CONSTRAINT t_house_pkey PRIMARY KEY (id);
CREATE TABLE public.t_owner (id serial PRIMARY KEY, name varchar(60) NOT NULL UNIQUE CHECK (char_length(name) < 51)) WITH (orientation=row, compression=no) TABLESPACE pg_default;
COMMENT ON TABLE public.t_house IS '房屋';
COMMENT ON COLUMN public.t_house.house_no IS '房屋编号';
`
        });
        importClean(dir, 'dump.sql', 'dump.mds');
        const m = await modelOf(dir);
        const house = recordByLabel(m, '房屋');
        expect(house.keys).toEqual(['id']);
        const f = fieldsOf(m, house);
        expect(f.houseNo.element).toMatchObject({ label: '房屋编号', constraints: { length: { max: 32 } } });
        expect(f.floors.element!.constraints.range).toEqual({ min: 1, max: 200 });
        expect(f.createdAt.element!.type).toEqual({ primitive: 'datetime' });
        const owner = [...m.declarations.values()].find(d => d.kind === 'record' && d.name === 'TOwner') as RecordModel;
        expect(owner.keys).toEqual(['id']);
        expect(fieldsOf(m, owner).name.element!.constraints.length).toEqual({ max: 50 });
    });

    test('a CREATE TABLE the parser rejects is an error at its line and column, and nothing is written', () => {
        const dir = folder({ 'bad.sql': 'CREATE TABLE a (x int);\n\nCREATE TABLE b (\n  id int,\n  name varchar(10) NOT NULL COMMENT,\n);\n' });
        const r = mds(['import', 'bad.sql', '-n', 't.bad', '-o', 'bad.mds'], dir);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^mds: bad\.sql:5:\d+: 无法解析 CREATE TABLE/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(existsSync(join(dir, 'bad.mds'))).toBe(false);
        const none = folder({ 'none.sql': 'SELECT 1;\n' });
        expect(mds(['import', 'none.sql', '-n', 't.bad', '-o', 'none.mds'], none).stderr).toContain('没有找到 CREATE TABLE');
    });
});

describe('MySQL DDL', () => {
    test('inline comments (with codes in them), ENUM, tinyint(1), unsigned, table CHECK, backslash escapes, ENGINE options', async () => {
        const dir = folder({
            'my.sql': `SET NAMES utf8mb4;
DROP TABLE IF EXISTS \`t_org\`;
CREATE TABLE \`t_org\` (
  \`credit_code\` char(18) NOT NULL COMMENT '统一社会信用代码',
  \`org_name\` varchar(200) NOT NULL COMMENT '机构名称',
  \`org_type\` varchar(2) DEFAULT NULL COMMENT '机构类型(1-企业,2-事业单位,3-社会团体)',
  \`staff\` int(11) unsigned DEFAULT NULL COMMENT '职工人数',
  \`level\` tinyint(4) NOT NULL DEFAULT '1' COMMENT '信用等级：1-A级，2-B级',
  \`listed\` tinyint(1) NOT NULL DEFAULT '0' COMMENT '是否上市',
  \`state\` enum('open','closed') DEFAULT 'open' COMMENT '经营状态',
  \`updated_at\` datetime DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP COMMENT '更新时间',
  \`memo\` text COMMENT 'it\\'s a \\"memo\\"',
  PRIMARY KEY (\`credit_code\`),
  KEY \`idx_name\` (\`org_name\`),
  CONSTRAINT \`ck_staff\` CHECK (\`staff\` >= 0)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='法人机构表';
INSERT INTO t_org VALUES ('x', 'y', NULL, 1, 0, 'open', NOW(), '');
`
        });
        importClean(dir, 'my.sql', 'org-data.mds');
        const m = await modelOf(dir);
        const org = recordByLabel(m, '法人机构表');
        expect(org.keys).toEqual(['creditCode']);
        const f = fieldsOf(m, org);
        expect(f.creditCode.element).toMatchObject({ label: '统一社会信用代码', constraints: { length: { min: 18, max: 18 } } });
        expect(f.orgName.element!.constraints.length).toEqual({ max: 200 });
        const type = f.orgType.element!;
        expect(type.label).toBe('机构类型');
        expect(get<CodeListModel>(m, (type.type as { codeList: string }).codeList).entries.map(e => [e.code, e.label])).toEqual([['1', '企业'], ['2', '事业单位'], ['3', '社会团体']]);
        expect(f.staff.element).toMatchObject({ type: { primitive: 'integer' }, constraints: { range: { min: 0 } } });
        expect(f.level.element!.label).toBe('信用等级');
        expect(get<CodeListModel>(m, (f.level.element!.type as { codeList: string }).codeList).entries.map(e => [e.code, e.label])).toEqual([['1', 'A级'], ['2', 'B级']]);
        expect(f.listed.element!.type).toEqual({ primitive: 'boolean' });
        expect(get<CodeListModel>(m, (f.state.element!.type as { codeList: string }).codeList).entries.map(e => e.code)).toEqual(['open', 'closed']);
        expect(f.updatedAt.element!.type).toEqual({ primitive: 'datetime' });
        expect(f.memo.element!.label).toBe('it\'s a "memo"');
    });
});

const STANDARD = `namespace t.pop
import t.org

codelist Gender "性别" { "1" "男" "2" "女" "9" "未说明" }
element CitizenId "公民身份号码" : string { length 18  pattern "[1-9][0-9]{16}[0-9X]"  personal }
element Name "姓名" : string { length 1..50  personal }
element Sex "性别" : Gender
element Age "年龄" : integer { range 0..150 }
element Income "月收入" : decimal { range 0..  scale 2 }
element Born "出生日期" : date { range "1900-01-01".. }
element Phone "手机号码" : string { format phone-cn }
element Detail "详细地址" : string { length ..200 }
record Address "地址" { detail: Detail }
record Person "自然人" {
  definition "在册自然人"
  steward t.org.QGAJ
  grade important
  share conditional
  condition "依法履职需要；经审核"
  open none
  update daily
  key id: CitizenId
  name: Name
  sex: Sex
  age?: Age
  income?: Income
  born: Born
  phones?: Phone[]
  home?: Address
}
`;

describe('the DDL mds sql writes comes back (PostgreSQL, DuckDB, Spark SQL, Trino)', () => {
    for (const dialect of ['postgres', 'duckdb', 'spark', 'trino'] as const) {
        test(`${dialect}: fields, keys, required, constraints, code lists, labels and governance`, async () => {
            const source = folder({ 'pop.mds': STANDARD });
            expect(mds(['sql', '.', '--dialect', dialect, '--out', 'sql'], source).code).toBe(0);
            const dir = folder();
            writeFileSync(join(dir, 'pop.sql'), readFileSync(join(source, `sql/${dialect}/t.pop.sql`)));
            importClean(dir, 'pop.sql', 'pop.mds');
            const [m, original] = [await modelOf(dir), await modelOf(source)];
            const a = recordByLabel(m, '自然人'), b = get<RecordModel>(original, 't.pop.Person');
            expect(a.definition).toBe(b.definition);
            expect({ ...a.governance, status: 'draft' }).toEqual({ ...b.governance, status: 'draft' });
            expect(a.keys).toEqual(b.keys);
            expect(a.fields.map(f => [f.name, f.optional])).toEqual(b.fields.map(f => [f.name, f.optional]));
            // Lists are arrays in DuckDB, Spark and Trino, JSON in PostgreSQL.
            expect(!!a.fields.find(f => f.name === 'phones')!.list).toBe(dialect !== 'postgres');
            const fa = fieldsOf(m, a), fb = fieldsOf(original, b);
            // Spark and Trino enforce no CHECK constraints, so their DDL has none to give back (scale stays in DECIMAL(38, s)).
            const checked = dialect === 'postgres' || dialect === 'duckdb';
            for (const name of ['id', 'name', 'age', 'income', 'born']) {
                expect(fa[name].element!.label, name).toBe(fb[name].element!.label);
                expect(fa[name].element!.type, name).toEqual(fb[name].element!.type);
                if (checked) expect(fa[name].element!.constraints, name).toEqual(fb[name].element!.constraints);
            }
            expect(fa.income.element!.constraints.scale).toBe(2);
            if (checked) {
                const sex = fa.sex.element!;
                expect(get<CodeListModel>(m, (sex.type as { codeList: string }).codeList).entries.map(e => e.code)).toEqual(['1', '2', '9']);
            }
        });
    }

    test('the DDL of the district\'s standards (every namespace, one file a dialect) imports into a file that checks; each table keeps the governance it states', async () => {
        const standards = join(import.meta.dirname, '../../standards');
        const sql = folder();
        expect(mds(['sql', standards, '--dialect', 'postgres,duckdb,spark,trino', '--out', 'sql'], sql).code).toBe(0);
        const original = await modelOf(standards);
        const tables = [...original.declarations.values()].filter((d): d is RecordModel => d.kind === 'record' && d.keys.length > 0);
        expect(tables.filter(t => t.governance.share === 'unconditional').length).toBeGreaterThan(3);
        for (const dialect of ['postgres', 'duckdb', 'spark', 'trino']) {
            const dir = folder();
            const files = readdirSync(join(sql, 'sql', dialect)).filter(f => f.endsWith('.sql') && !f.endsWith('.checks.sql')).sort();
            writeFileSync(join(dir, 'all.sql'), files.map(f => readFileSync(join(sql, 'sql', dialect, f), 'utf8')).join('\n'));
            // Tables shared or open unconditionally whose columns' new elements took the defaults (share conditional, open none) were errors; DuckDB's lists of records (STRUCT(…)[]) did not parse.
            importClean(dir, 'all.sql', 'all.mds');
            const m = await modelOf(dir);
            for (const t of tables) {
                const again = [...m.declarations.values()].find(d => d.kind === 'record' && d.namespace === 't.imported' && d.label === t.label && d.definition === t.definition) as RecordModel;
                expect(again, `${dialect} ${t.qualifiedName}`).toBeDefined();
                const { share, open, grade, update } = t.governance;
                expect({ ...again.governance, status: undefined, steward: undefined, personal: undefined, condition: undefined }, `${dialect} ${t.qualifiedName}`)
                    .toMatchObject({ share, open, grade, update });
                const lists = t.fields.filter(f => f.list).map(f => f.name);
                if (dialect !== 'postgres') expect(again.fields.filter(f => f.list).map(f => f.name), `${dialect} ${t.qualifiedName}`).toEqual(lists);
            }
        }
    }, 120_000);

    test('a table stated shared and open unconditionally that reuses an element of the standards shared conditionally and not open is raised to it, with a note (就高从严)', async () => {
        const dir = folder({ 'pop.mds': STANDARD });
        writeFileSync(join(dir, 'visit.sql'), `CREATE TABLE visit (
    id character varying(18) NOT NULL,
    place text,
    PRIMARY KEY (id)
);
COMMENT ON TABLE visit IS '来访登记。分级：一般数据；共享属性：无条件共享；开放属性：无条件开放；更新周期：每日';
COMMENT ON COLUMN visit.id IS '公民身份号码';
COMMENT ON COLUMN visit.place IS '来访地点';
`);
        const text = importClean(dir, 'visit.sql', 'visit.mds', ['--standards', '.']);
        const m = await modelOf(dir);
        const visit = recordByLabel(m, '来访登记');
        expect(visit.fields.map(f => 'element' in f.type && f.type.element)).toEqual(['t.pop.CitizenId', 't.imported.Place']);
        // t.pop.CitizenId declares no share or open: the defaults, share conditional and open none.
        expect(visit.governance).toMatchObject({ share: 'conditional', open: 'none', grade: 'general' });
        // The new element keeps what the table states; the record says why it changed.
        expect(get<ElementModel>(m, 't.imported.Place').governance).toMatchObject({ share: 'unconditional', open: 'unconditional' });
        expect(text).toMatch(/共享属性由无条件改为有条件：有字段为有条件共享（就高从严）\/ share raised from unconditional to conditional: a field is shared conditional/);
        expect(text).toMatch(/开放属性由无条件改为不予：有字段为不予开放（就高从严）\/ open raised from unconditional to none/);
    });

    test('with the standards beside it, columns reuse the elements of the same label and type', async () => {
        const dir = folder({ 'pop.mds': STANDARD });
        expect(mds(['sql', '.', '--dialect', 'postgres', '--out', 'sql'], dir).code).toBe(0);
        importClean(dir, 'sql/postgres/t.pop.sql', 'again.mds', ['--standards', '.']);
        const m = await modelOf(dir);
        const again = [...m.declarations.values()].find(d => d.kind === 'record' && d.namespace === 't.imported') as RecordModel;
        expect(again.fields.filter(f => 'element' in f.type).map(f => (f.type as { element: string }).element))
            .toEqual(['t.pop.CitizenId', 't.pop.Name', 't.pop.Sex', 't.pop.Age', 't.pop.Income', 't.pop.Born', 't.pop.Phone', 't.imported.Home']);
    });
});
