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

/** Where a parser puts the rows it reads: an array, or a batch that checks each row as it comes (`RowBatch`). */
export interface RecordSink<T> {
    push(row: T): unknown;
}

export interface TableInput {
    kind: 'table';
    header: string[];
    /** Line of the header row. */
    headerLine: number;
    /** The rows, a batch at a time (per chunk read). */
    batches: AsyncIterable<RawRow[]>;
}

export interface ObjectInput {
    kind: 'objects';
    batches: AsyncIterable<RawRow[]>;
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

/** The rows of an input one at a time. */
export async function* rowsOf(input: Input): AsyncGenerator<RawRow> {
    for await (const batch of input.batches) yield* batch;
}

/** Groups the rows of a row-at-a-time reader into batches. */
export async function* batched(rows: AsyncIterable<RawRow>, size = 1024): AsyncGenerator<RawRow[]> {
    let batch: RawRow[] = [];
    for await (const row of rows) {
        batch.push(row);
        if (batch.length >= size) { yield batch; batch = []; }
    }
    if (batch.length) yield batch;
}
