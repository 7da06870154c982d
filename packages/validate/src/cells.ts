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
    if (cell === undefined || cell === '') return undefined;
    const { target } = column;
    if (target.list) {
        if (typeof cell === 'string') {
            const t = cell.trim();
            if (t.startsWith('[')) {
                try {
                    const parsed = JSON.parse(t);
                    if (Array.isArray(parsed)) return parsed.map(item => typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean' ? convert(item, target.type) : item);
                } catch { /* not JSON: items separated by ; */ }
            }
            return t.split(/[;；]/).map(s => s.trim()).filter(s => s !== '').map(s => convert(s, target.type));
        }
        return [convert(cell, target.type)];
    }
    return convert(cell, target.type);
}

function convert(cell: string | number | boolean, type: LeafType): unknown {
    if ('record' in type) {
        if (typeof cell === 'string' && cell.trim().startsWith('{')) {
            try { return JSON.parse(cell); } catch { return cell; }
        }
        return cell;
    }
    if ('codeList' in type) return String(cell);
    switch (type.primitive) {
        case 'string': return typeof cell === 'number' ? numberText(cell) : String(cell);
        case 'integer':
        case 'decimal': {
            if (typeof cell === 'number') return cell;
            const t = String(cell).trim();
            return NUMBER.test(t) ? Number(t) : cell;
        }
        case 'boolean': {
            if (typeof cell === 'boolean') return cell;
            const t = String(cell).trim().toLowerCase();
            return TRUE.has(t) ? true : FALSE.has(t) ? false : cell;
        }
        case 'date': return typeof cell === 'number' ? excelDate(cell) ?? cell : String(cell).trim();
        case 'datetime': return typeof cell === 'number' ? excelDateTime(cell) ?? cell : String(cell).trim();
        case 'time': {
            if (typeof cell !== 'number') return String(cell).trim();
            const seconds = Math.round((cell % 1) * 86400);
            const pad = (n: number) => String(n).padStart(2, '0');
            return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}+08:00`;
        }
    }
}

/** A number from a spreadsheet as text, without exponent or float noise (13912345678, not 1.39e10). */
function numberText(n: number): string {
    return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** Builds the record value of one table row: cells placed at their field paths, absent ones left out. */
export function rowObject(columns: Column[], cells: Cell[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
        const value = cellValue(cells[i], columns[i]);
        if (value === undefined) continue;
        const names = columns[i].target.names;
        let node = out;
        for (let k = 0; k < names.length - 1; k++) {
            const existing = node[names[k]];
            if (existing === undefined || existing === null || typeof existing !== 'object' || Array.isArray(existing)) node[names[k]] = {};
            node = node[names[k]] as Record<string, unknown>;
        }
        node[names[names.length - 1]] = value;
    }
    return out;
}
