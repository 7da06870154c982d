import { headerAfterTitles, InputError, type Input } from '@mds/validate';

/** A sheet (or a CSV file): its header and its rows, cells trimmed, with their line (row) numbers. */
export interface Table { sheet?: string; header: string[]; headerLine: number; rows: Array<{ line: number; cells: string[] }> }

type TableInput = Input & { kind: 'table' };

/**
 * A table below the title rows it may start with (闵行区数据元目录, 填报单位…): the header is the
 * first of its leading rows that `isHeader` accepts (as `mds validate` finds a data sheet's
 * header). When none does, the table is opened again from its start (`reopen`: rows were taken
 * as header candidates) and read as it is.
 */
export async function belowTitleRows(input: TableInput, isHeader: (header: string[]) => boolean, reopen: () => Promise<Input | undefined>): Promise<TableInput> {
    try {
        return (await headerAfterTitles(input, header => { if (!isHeader(header)) throw new InputError('not a header'); })).input;
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        const again = await reopen();
        return again?.kind === 'table' ? again : input;
    }
}

const clean = (s: string) => s.replace(/[\s*＊（）()【】\[\]:：]/g, '').toLowerCase();

/** Header cell index per role: exact names first, then the `--columns` overrides. */
export function roles(header: string[], table: Record<string, string[]>, overrides: Record<string, string> = {}): Map<string, number> {
    const cleaned = header.map(h => clean(String(h ?? '')));
    const found = new Map<string, number>();
    for (const [role, names] of Object.entries(table)) {
        const i = cleaned.findIndex((h, idx) => names.some(n => clean(n) === h) && ![...found.values()].includes(idx));
        if (i >= 0) found.set(role, i);
    }
    for (const [role, text] of Object.entries(overrides)) {
        if (!(role in table)) continue;
        const i = cleaned.indexOf(clean(text));
        if (i < 0) throw new InputError(`--columns: 表头中没有“${text}”列 / no column "${text}" in the header`);
        found.set(role, i);
    }
    return found;
}

/** `minhang.common.CitizenId` (an MDS qualified name, as the catalog writes) → `CitizenId`. */
export function localName(text: string | undefined): string | undefined {
    return /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*\.([A-Za-z][A-Za-z0-9_]*)$/.exec(text ?? '')?.[1];
}
