import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Primitive } from '@mds/language';
import { InputError } from '@mds/validate';
import type { ImportContext } from './context.js';
import { emptyDraft, type Constraints, type Draft, type DraftField } from './draft.js';
import { identifierFrom, NameTable } from './names.js';

type Schema = Record<string, any>;
interface Located { schema: Schema; file: string; pointer: string }

/**
 * JSON Schema files (2020-12 or draft-07) → records (objects), elements (everything else) and
 * code lists (`enum`). `$ref`s are followed within a file, to files beside it, and to any schema
 * of the folder by its `$id`; `title` is the label, `description` the definition.
 */
export function importJsonSchema(path: string, ctx: ImportContext): Draft {
    const files = new Map<string, Schema>();
    const byId = new Map<string, string>();
    const load = (file: string): Schema => {
        let s = files.get(file);
        if (s) return s;
        try {
            s = JSON.parse(readFileSync(file, 'utf8')) as Schema;
        } catch (e) {
            throw new InputError(`${basename(file)}：不是可读的 JSON（${(e as Error).message}）/ not readable JSON`);
        }
        if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new InputError(`${basename(file)}：不是 JSON Schema 对象 / not a JSON Schema object`);
        files.set(file, s);
        if (typeof s.$id === 'string') byId.set(s.$id.replace(/#$/, ''), file);
        return s;
    };
    const root = resolve(path);
    load(root);
    for (const f of readdirSync(dirname(root))) if (f.endsWith('.json') && join(dirname(root), f) !== root) { try { load(join(dirname(root), f)); } catch { /* not a schema */ } }

    const draft = emptyDraft();
    const names = new NameTable();
    const made = new Map<string, string>(); // file#pointer → declaration name
    const file = basename(root);

    const resolveRef = (ref: string, from: string): Located => {
        const [target, fragment = ''] = ref.split('#');
        let f = from;
        if (target) f = byId.get(target) ?? byId.get(new URL(target, files.get(from)!.$id ?? `file://${from}`).href) ?? resolve(dirname(from), target);
        let schema: any = load(f);
        for (const part of fragment.split('/').filter(Boolean)) schema = schema?.[decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~'))];
        if (schema === undefined) throw new InputError(`${basename(from)}：$ref ${ref} 指向不存在的位置 / points nowhere`);
        return { schema, file: f, pointer: fragment };
    };
    const deref = (l: Located, depth = 0): Located => l.schema.$ref && depth < 20 ? deref(resolveRef(l.schema.$ref, l.file), depth + 1) : l;
    const isObject = (s: Schema) => s.type === 'object' || (s.properties && typeof s.properties === 'object');
    const origin = (l: Located) => `${basename(l.file)}:${l.pointer || '/'}`;
    /** Where a property schema merged from an allOf part was written (its file and pointer: origins and relative $refs). */
    const placed = new WeakMap<object, { file: string; pointer: string }>();
    const note = (l: Located, text: string) => { draft.notes.push(`${origin(l)}: ${text}`); };
    /** Keywords of a schema that the language cannot express: named in a note, not dropped silently. */
    const noteUnexpressed = (l: Located, keywords: readonly string[]) => {
        const s = l.schema;
        const lost = keywords.filter(k => k in s && !(k === 'additionalProperties' && typeof s[k] === 'boolean') && !(k === 'uniqueItems' && s[k] === false));
        if (lost.length) note(l, `${lost.join('、')} 在标准语言中无法表示，未导入 / cannot be expressed in the language and were not imported`);
    };

    /**
     * One schema for a location: `allOf` merged (properties and `required` united, a property
     * named twice checked by both); `anyOf`/`oneOf` of constants or enums as one `enum`, labelled
     * by the alternatives' titles (the usual way to write a labelled code list); `const` as an enum
     * of one; any other union as its one alternative besides `null`, else its first one, noted.
     */
    const combine = (l: Located, depth = 0): Located => {
        let s = l.schema;
        if (depth > 20) return l; // a schema that includes itself through allOf or anyOf
        if (Array.isArray(s.allOf)) {
            const merged: Schema = { ...s };
            delete merged.allOf;
            s.allOf.forEach((part: Schema, i: number) => {
                const located = combine(deref({ schema: part, file: l.file, pointer: `${l.pointer}/allOf/${i}` }), depth + 1);
                for (const [k, v] of Object.entries(located.schema)) {
                    if (k === 'properties' && v && typeof v === 'object') {
                        const props: Schema = Object.assign(Object.create(null), merged.properties); // no prototype: a property may be called __proto__
                        for (const [name, ps] of Object.entries(v as Schema)) {
                            if (!placed.has(ps)) placed.set(ps, { file: located.file, pointer: `${located.pointer}/properties/${name}` });
                            const before = props[name];
                            props[name] = before === undefined ? ps : { allOf: [before, ps] }; // named twice: both apply
                            if (before !== undefined) placed.set(props[name], placed.get(before) ?? placed.get(ps)!);
                        }
                        merged.properties = props;
                    } else if (k === 'required' && Array.isArray(v)) merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...v])];
                    else if (!(k in merged)) merged[k] = v;
                }
            });
            s = merged;
        }
        const union = Array.isArray(s.anyOf) ? 'anyOf' : Array.isArray(s.oneOf) ? 'oneOf' : undefined;
        if (union) {
            const merged: Schema = { ...s };
            delete merged.anyOf;
            delete merged.oneOf;
            const alternatives = (s[union] as Schema[]).map((a, i) => combine(deref({ schema: a, file: l.file, pointer: `${l.pointer}/${union}/${i}` }), depth + 1).schema)
                .filter(a => a.type !== 'null' && !('const' in a && a.const === null));
            if (alternatives.length && alternatives.every(a => Array.isArray(a.enum))) {
                merged.enum = alternatives.flatMap(a => a.enum);
                merged['x-enum-labels'] = alternatives.flatMap(a => a.enum.length === 1 && typeof a.title === 'string' ? [a.title] : a.enum.map(String));
                merged.type ??= typeof merged.enum[0] === 'number' ? (merged.enum.every(Number.isInteger) ? 'integer' : 'number') : 'string';
            } else if (alternatives.length) {
                if (alternatives.length > 1) note(l, `${union} 的 ${alternatives.length} 个分支只取第一个 / only the first of ${alternatives.length} alternatives was imported`);
                for (const [k, v] of Object.entries(alternatives[0])) if (!(k in merged)) merged[k] = v;
            }
            s = merged;
        }
        if ('const' in s && !Array.isArray(s.enum)) s = { ...s, enum: [s.const] };
        return s === l.schema ? l : { ...l, schema: s };
    };

    /** The declaration a schema becomes (made once per location), by name. */
    const declare = (l: Located, wanted: string): string => {
        const key = `${l.file}#${l.pointer}`;
        const existing = made.get(key);
        if (existing) return existing;
        l = combine(l);
        const s = l.schema;
        noteUnexpressed(l, OBJECT_OR_VALUE_KEYWORDS);
        const name = names.take(identifierFrom([wanted, s.title], 'type') ?? `Imported${made.size + 1}`);
        made.set(key, name);
        const from = origin(l);
        const label = typeof s.title === 'string' ? s.title : undefined;
        const definition = typeof s.description === 'string' ? s.description : undefined;
        if (isObject(s)) {
            const required = new Set<string>(Array.isArray(s.required) ? s.required : []);
            const fieldNames = new NameTable();
            const fields: DraftField[] = Object.entries(s.properties ?? {}).map(([prop, ps]) => {
                let target = ps as Schema, list: DraftField['list'];
                const base = (ps !== null && typeof ps === 'object' ? placed.get(ps) : undefined) ?? { file: l.file, pointer: `${l.pointer}/properties/${prop}` };
                const at = (sch: Schema, sub: string): Located => ({ schema: sch, file: base.file, pointer: base.pointer + sub });
                let loc = combine(deref(at(target, '')));
                if (loc.schema.type === 'array') {
                    noteUnexpressed(loc, LIST_KEYWORDS);
                    list = { ...(Number.isInteger(loc.schema.minItems) && loc.schema.minItems > 0 ? { min: loc.schema.minItems } : {}), ...(Number.isInteger(loc.schema.maxItems) ? { max: loc.schema.maxItems } : {}) };
                    target = loc.schema.items ?? {};
                    loc = combine(deref(loc.schema === ps ? at(target, '/items') : { schema: target, file: loc.file, pointer: `${loc.pointer}/items` }));
                    if (loc.schema.type === 'array') note(loc, '列表的列表不能表示，内层列表按字符串导入 / a list of lists cannot be expressed: the inner list was imported as a string');
                }
                const fieldName = identifierFrom([prop], 'field') ?? `field${fieldNames.take('f')}`;
                return { name: fieldNames.take(fieldName), type: declare(loc, prop[0].toUpperCase() + prop.slice(1)), optional: !required.has(prop), key: false, ...(list ? { list } : {}) };
            });
            draft.records.push({ name, label, definition, fields, origin: from, steward: ctx.steward });
            return name;
        }
        if (Array.isArray(s.enum) && s.enum.length) {
            const list = names.take(`${name}Code`);
            const labels: string[] | undefined = Array.isArray(s['x-enum-labels']) ? s['x-enum-labels'] : undefined;
            draft.codeLists.push({ name: list, label: label ? `${label}代码` : undefined, codes: s.enum.map((v: unknown, i: number) => ({ code: String(v), label: labels?.[i] ?? String(v) })), origin: from, steward: ctx.steward });
            draft.elements.push({ name, label, definition, type: { codeList: list }, constraints: {}, origin: from, steward: ctx.steward });
            return name;
        }
        const { type, constraints } = primitive(s, text => note(l, text));
        draft.elements.push({ name, label, definition, type: { primitive: type }, constraints, origin: from, steward: ctx.steward });
        return name;
    };

    const rootSchema = files.get(root)!;
    const defs = { ...(rootSchema.definitions ?? {}), ...(rootSchema.$defs ?? {}) } as Record<string, Schema>;
    for (const [name, s] of Object.entries(defs)) declare({ schema: s, file: root, pointer: `/${rootSchema.$defs?.[name] ? '$defs' : 'definitions'}/${name}` }, name);
    const rootLocated = combine({ schema: rootSchema, file: root, pointer: '' }); // a root of allOf parts is an object too
    if (isObject(rootLocated.schema)) declare(rootLocated, identifierFrom([rootLocated.schema.title, file.replace(/(\.schema)?\.json$/, '')], 'type') ?? 'Root');
    if (!made.size) throw new InputError(`${file}：没有对象或 $defs 可导入 / nothing to import (no object, no $defs)`);
    return draft;
}

/**
 * Keywords with no counterpart in the language: conditional and negated schemas, property-name
 * patterns and dependencies (a record's fields are named, each on its own), a schema for other
 * properties (a map; `true`/`false` is the record's closed set of fields either way).
 */
const OBJECT_OR_VALUE_KEYWORDS = ['if', 'then', 'else', 'not', 'patternProperties', 'additionalProperties', 'dependentRequired', 'dependentSchemas', 'dependencies', 'propertyNames', 'minProperties', 'maxProperties', 'unevaluatedProperties'];
/** Keywords of a list the language cannot express (its bounds are minItems and maxItems). */
const LIST_KEYWORDS = ['uniqueItems', 'contains', 'minContains', 'maxContains', 'prefixItems', 'unevaluatedItems'];

const JSON_SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/**
 * The primitive type and constraints of a scalar schema. `note` hears what the import had to
 * approximate: a type name JSON Schema does not have (read as string), an exclusive bound on a
 * decimal (the language's ranges are inclusive). An exclusive bound on an integer is exact
 * (`exclusiveMinimum: 0` → `range 1..`); draft-04's boolean form is read too.
 */
function primitive(s: Schema, note: (text: string) => void): { type: Primitive; constraints: Constraints } {
    const types = Array.isArray(s.type) ? s.type.filter((t: string) => t !== 'null') : [s.type];
    const t = types[0];
    if (types.length > 1) note(`类型 ${types.map((x: unknown) => JSON.stringify(x)).join('、')} 只取第一个 / only the first of several types was imported`);
    const unknown = types.filter((x: unknown) => typeof x === 'string' && !JSON_SCHEMA_TYPES.has(x));
    if (unknown.length) note(`类型 ${unknown.map((x: string) => JSON.stringify(x)).join('、')} 不是 JSON Schema 的类型，按字符串导入 / not a JSON Schema type, imported as a string`);
    const c: Constraints = {};
    if (t === 'integer' || t === 'number') {
        const lower = bound(s.minimum, s.exclusiveMinimum, t, 1), upper = bound(s.maximum, s.exclusiveMaximum, t, -1);
        if (lower.inexact || upper.inexact) note('小数的开区间边界按闭区间导入（标准的 range 包含边界）/ an exclusive bound of a decimal was imported as inclusive (ranges include their bounds)');
        if (lower.value !== undefined || upper.value !== undefined) c.range = [lower.value, upper.value];
        if (t === 'number' && typeof s.multipleOf === 'number') {
            const k = Math.round(-Math.log10(s.multipleOf));
            if (k >= 0 && Math.abs(10 ** -k - s.multipleOf) < 1e-12) c.scale = k;
        }
        return { type: t === 'integer' ? 'integer' : 'decimal', constraints: c };
    }
    if (t === 'boolean') return { type: 'boolean', constraints: c };
    if (s.format === 'date') return { type: 'date', constraints: c };
    if (s.format === 'date-time') return { type: 'datetime', constraints: c };
    if (s.format === 'time') return { type: 'time', constraints: c };
    if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') c.length = [s.minLength, s.maxLength];
    if (typeof s.pattern === 'string') c.pattern = s.pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, '');
    if (s.format === 'email' || s.format === 'uri' || s.format === 'gb11643' || s.format === 'uscc' || s.format === 'phone-cn') c.format = s.format;
    return { type: 'string', constraints: c };
}

/**
 * One end of a number's range, inclusive: from `minimum` (or `maximum`), or from the exclusive
 * bound — a number (2019-09, 2020-12, draft-06/07) or `true` beside the inclusive one (draft-04).
 * `step` is +1 for the lower end, -1 for the upper. An exclusive bound of an integer moves to the
 * next integer inside; of a decimal it stays, marked inexact.
 */
function bound(inclusive: unknown, exclusive: unknown, type: 'integer' | 'number', step: 1 | -1): { value?: string; inexact?: boolean } {
    let at: number | undefined, open = false;
    if (typeof exclusive === 'number') { at = exclusive; open = true; }
    if (typeof inclusive === 'number') {
        if (exclusive === true) { at = inclusive; open = true; }
        else if (at === undefined || (step === 1 ? inclusive > at : inclusive < at)) { at = inclusive; open = false; }
    }
    if (at === undefined || !Number.isFinite(at)) return {};
    if (type === 'integer') {
        const inside = step === 1 ? (open ? Math.floor(at) + 1 : Math.ceil(at)) : (open ? Math.ceil(at) - 1 : Math.floor(at));
        return { value: String(inside) };
    }
    return { value: String(at), ...(open ? { inexact: true } : {}) };
}
