import type { FieldPath, LeafType } from '@mds/generators/runtime';
import { excelDate, excelDateTime } from './readers/excel-dates.js';

// How table cells become record values. Imported by the worker threads: nothing here needs the model.

type Cell = string | number | boolean | undefined;

export interface Column {
    header: string;
    target: FieldPath;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE = new Set(['true', '是', '1', 'y', 'yes']);
const FALSE = new Set(['false', '否', '0', 'n', 'no']);

/**
 * One cell as the value the standard expects: numbers for integer/decimal fields, booleans from
 * true/false, 是/否 and 1/0, Excel date serials as dates; list cells as a JSON array or
 * `;`-separated items; a record-typed cell as JSON. A cell that does not convert stays as written,
 * so the validator reports it against the rule it breaks. An empty cell is an absent value.
 */
export function cellValue(cell: Cell, column: Column): unknown {
    return cellConverter(column)(cell);
}

type Converter = (cell: Cell) => unknown;

const SCIENTIFIC = /^\s*[+-]?\d(?:\.\d+)?[eE]\+\d\d$/;

/**
 * Whether a cell for a text or code field is a number Excel may have cut short: a numeric cell of
 * 16 digits or more (Excel keeps 15 significant digits: an 18-digit citizen ID typed as a number
 * loses its last three), or text in the scientific notation Excel shows such numbers in and
 * writes them to CSV in (1.10105E+17).
 */
export function lossyNumber(cell: Cell): boolean {
    if (typeof cell === 'number') return Math.abs(cell) >= 1e15;
    // "E+17": the '+' third from the end (one character read for most cells) before the pattern.
    return typeof cell === 'string' && cell.length >= 5 && cell.charCodeAt(cell.length - 3) === 43 && SCIENTIFIC.test(cell);
}

/**
 * The conversion of one column's cells (see cellValue), chosen once per column: the type is not
 * looked at again per cell. `onLossy` hears of each text or code cell lossyNumber suspects.
 */
export function cellConverter(column: Column, onLossy?: () => void): Converter {
    const { target } = column;
    const item = convertFor(target.type, onLossy);
    if (!target.list) return cell => cell === undefined || cell === '' ? undefined : item(cell);
    return cell => {
        if (cell === undefined || cell === '') return undefined;
        if (typeof cell !== 'string') return [item(cell)];
        const t = cell.trim();
        if (t.startsWith('[')) {
            try {
                const parsed = JSON.parse(t);
                if (Array.isArray(parsed)) return parsed.map(x => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? item(x) : x);
            } catch { /* not JSON: items separated by ; */ }
        }
        return t.split(/[;；]/).map(s => s.trim()).filter(s => s !== '').map(item);
    };
}

function convertFor(type: LeafType, onLossy?: () => void): (cell: string | number | boolean) => unknown {
    if ('record' in type) return cell => {
        if (typeof cell === 'string' && cell.trim().startsWith('{')) {
            try { return JSON.parse(cell); } catch { return cell; }
        }
        return cell;
    };
    const text = 'codeList' in type || type.primitive === 'string';
    // Text cells (nearly all, from a CSV) read one character for lossyNumber, in the converter
    // itself: a wrapper around it cost ~2 % of a worker on the bench record.
    if (text && onLossy) return cell => {
        if (typeof cell === 'string') {
            const n = cell.length; // "1E+17" at least; no read outside the string (a slow path in V8)
            if (n >= 5 && cell.charCodeAt(n - 3) === 43 && SCIENTIFIC.test(cell)) onLossy();
            return cell;
        }
        if (lossyNumber(cell)) onLossy();
        return typeof cell === 'number' && !('codeList' in type) ? numberText(cell) : String(cell);
    };
    if ('codeList' in type) return cell => String(cell);
    switch (type.primitive) {
        case 'string': return cell => typeof cell === 'string' ? cell : typeof cell === 'number' ? numberText(cell) : String(cell);
        case 'integer':
        case 'decimal': return cell => {
            if (typeof cell === 'number') return cell;
            const t = String(cell).trim();
            return NUMBER.test(t) ? Number(t) : cell;
        };
        case 'boolean': return cell => {
            if (typeof cell === 'boolean') return cell;
            const t = String(cell).trim().toLowerCase();
            return TRUE.has(t) ? true : FALSE.has(t) ? false : cell;
        };
        case 'date': return cell => typeof cell === 'number' ? excelDate(cell) ?? cell : String(cell).trim();
        case 'datetime': return cell => typeof cell === 'number' ? excelDateTime(cell) ?? cell : String(cell).trim();
        case 'time': return cell => {
            if (typeof cell !== 'number') return String(cell).trim();
            const seconds = Math.round((cell % 1) * 86400);
            const pad = (n: number) => String(n).padStart(2, '0');
            return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}+08:00`;
        };
    }
}

/** A number from a spreadsheet as text, without exponent or float noise (13912345678, not 1.39e10). */
function numberText(n: number): string {
    return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

const CONVERTERS = new WeakMap<Column[], Converter[]>();

/** Builds the record value of one table row: cells placed at their field paths, absent ones left out. */
export function rowObject(columns: Column[], cells: Cell[], given?: Converter[]): Record<string, unknown> {
    let converters = given ?? CONVERTERS.get(columns);
    if (!converters) CONVERTERS.set(columns, converters = columns.map(c => cellConverter(c)));
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
        const value = converters[i](cells[i]);
        if (value === undefined) continue;
        placeValue(out, columns[i].target.names, value);
    }
    return out;
}

function placeValue(out: Record<string, unknown>, names: string[], value: unknown): void {
    let node = out;
    for (let k = 0; k < names.length - 1; k++) {
        const existing = node[names[k]];
        if (existing === undefined || existing === null || typeof existing !== 'object' || Array.isArray(existing)) node[names[k]] = {};
        node = node[names[k]] as Record<string, unknown>;
    }
    node[names[names.length - 1]] = value;
}

export type RowBuilder = (cells: Cell[]) => Record<string, unknown>;

const BUILDERS = new WeakMap<Column[], RowBuilder>();

/**
 * rowObject for one header, compiled once: every row becomes an object of one shape (a field
 * without a value is there as undefined, which the validators, statistics and reports read as
 * absent — they never tell the two apart), so the checks read each field from the same place
 * instead of looking it up in objects of many shapes. A nested record without any value is
 * absent. Headers that address a value twice (a record's column and one of its fields) take
 * rowObject.
 */
export function rowBuilder(columns: Column[], onLossy?: (column: number) => void): RowBuilder {
    if (onLossy) {
        const converters = columns.map((c, i) => cellConverter(c, () => onLossy(i)));
        return compileRowBuilder(columns, converters) ?? (cells => rowObject(columns, cells, converters));
    }
    let build = BUILDERS.get(columns);
    if (!build) BUILDERS.set(columns, build = compileRowBuilder(columns) ?? (cells => rowObject(columns, cells)));
    return build;
}

interface Node { names: Map<string, Node>; column?: number }

function compileRowBuilder(columns: Column[], converters = columns.map(c => cellConverter(c))): RowBuilder | undefined {
    const root: Node = { names: new Map() };
    for (const [i, c] of columns.entries()) {
        let node = root;
        for (const name of c.target.names) {
            if (name === '__proto__' || node.column !== undefined) return undefined;
            let next = node.names.get(name);
            if (!next) node.names.set(name, next = { names: new Map() });
            node = next;
        }
        if (node.column !== undefined || node.names.size) return undefined;
        node.column = i;
    }
    const lines = columns.map((_, i) => `const c${i} = f${i}(cells[${i}]);`);
    // A nested record's object, or undefined when none of its columns has a value.
    const value = (node: Node): { expr: string; some: string } => {
        if (node.column !== undefined) return { expr: `c${node.column}`, some: `c${node.column} !== undefined` };
        const parts = [...node.names].map(([name, child]) => ({ name, ...value(child) }));
        const some = parts.map(p => p.some).join(' || ');
        const id = `o${lines.length}`;
        lines.push(`const ${id} = ${some} ? { ${parts.map(p => `${JSON.stringify(p.name)}: ${p.expr}`).join(', ')} } : undefined;`);
        return { expr: id, some: `${id} !== undefined` };
    };
    const top = [...root.names].map(([name, child]) => `${JSON.stringify(name)}: ${value(child).expr}`);
    const body = `${columns.map((_, i) => `const f${i} = f[${i}];`).join('\n')}\nreturn function buildRow(cells) {\n${lines.join('\n')}\nreturn { ${top.join(', ')} };\n};`;
    return new Function('f', body)(converters) as RowBuilder;
}
