/** One data row as a reader delivers it, before it is shaped into a record. */
export interface RawRow {
    /** Physical line of the row's start, 1-based, the header counting (for xlsx: the sheet row number). */
    line: number;
    /** Data row number, 1-based. */
    row: number;
    /** Table inputs (CSV, xlsx): the cells, in column order. */
    cells?: Array<string | number | boolean | undefined>;
    /** Object inputs (JSONL, JSON array): the parsed value. */
    value?: unknown;
    /** A row that could not be read at all (a line that is not JSON, a ragged CSV row). */
    problem?: { code: string; message: string };
}

export interface TableInput {
    kind: 'table';
    header: string[];
    /** Line of the header row. */
    headerLine: number;
    rows: AsyncIterable<RawRow>;
}

export interface ObjectInput {
    kind: 'objects';
    rows: AsyncIterable<RawRow>;
}

export type Input = (TableInput | ObjectInput) & {
    format: 'csv' | 'xlsx' | 'jsonl' | 'json';
    /** The encoding a text input was read in. */
    encoding?: 'utf-8' | 'gb18030';
    /** Bytes read so far and in all (for progress). */
    progress(): { read: number; total: number };
};

/** A problem with the input as a whole: the command exits 2 with this one line. */
export class InputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'InputError';
    }
}
