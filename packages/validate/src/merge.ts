import { keyText, type BatchResult, type RowError, type RowResult } from './checker.js';
import { detached, FieldStats, KeyIndex } from './stats.js';

/** Where a batch's rows are: the lines and data rows before it in its file, and the file (several files). */
export interface BatchOffsets {
    line: number;
    row: number;
    file?: string;
}

/**
 * Puts checked batches together in input order, on one thread: key uniqueness over all rows
 * (a repeated key makes its row invalid, naming the first line), the rows listed in the report
 * (at most maxErrors invalid ones), and the totals.
 */
export class ResultMerger {
    total = 0;
    valid = 0;
    readonly rows: RowResult[] = [];
    readonly duplicates = { violations: 0, rows: 0 };
    /** The key field's invalid values from repeated keys (a single-field key only). */
    readonly keyFieldStats = new FieldStats();
    private listedInvalid = 0;
    private readonly keys = new KeyIndex();

    constructor(private readonly maxErrors: number, private readonly allRows: boolean, private readonly keyPath: string, private readonly keyField: string | undefined) {}

    /** Sizes the key index for this many more rows than merged so far (an estimate from a file's size). */
    expectRows(more: number): void {
        if (this.keyPath) this.keys.reserve(this.total + more);
    }

    /** How many invalid rows a batch still needs to list. */
    budget(): number {
        return Math.max(0, this.maxErrors - this.listedInvalid);
    }

    add(batch: BatchResult, at: BatchOffsets): void {
        this.total += batch.rows;
        this.valid += batch.valid;
        let listed = batch.listed;
        for (const r of listed) {
            r.line += at.line;
            r.row += at.row;
            if (at.file !== undefined) r.file = at.file;
        }
        const k = batch.keys;
        if (k) {
            let byRow: Map<number, RowResult> | undefined;
            let added: RowResult[] | undefined;
            for (let i = 0; i < k.count; i++) {
                const first = this.keys.addHash(k.hashes[i * 2], k.hashes[i * 2 + 1], k.lines[i] + at.line);
                if (first === undefined) continue;
                const key = keyText(k, i), flags = k.flags[i], row = k.rows[i] + at.row;
                this.duplicates.violations++;
                this.duplicates.rows++;
                if (!(flags & 1)) this.valid--;
                if (this.keyField !== undefined && !(flags & 2)) this.keyFieldStats.addInvalid(key);
                const error: RowError = { path: this.keyPath, code: 'duplicate-key', message: `主键与第 ${first} 行重复 / the key repeats the row on line ${first}`, value: detached(key) };
                byRow ??= new Map(listed.map(r => [r.row, r]));
                const entry = byRow.get(row);
                if (entry) {
                    entry.valid = false;
                    entry.errors.push(error);
                } else if (!(flags & 1)) {
                    (added ??= []).push({ ...(at.file !== undefined ? { file: at.file } : {}), line: k.lines[i] + at.line, row, valid: false, errors: [error] });
                }
            }
            if (added) listed = [...listed, ...added].sort((a, b) => a.row - b.row);
        }
        for (const r of listed) {
            if (!r.valid) {
                if (this.listedInvalid >= this.maxErrors) continue;
                this.listedInvalid++;
            } else if (!this.allRows) continue;
            this.rows.push(r);
        }
    }
}
