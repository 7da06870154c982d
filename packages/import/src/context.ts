import type { Primitive } from '@mds/language';

/** What an import knows of the workspace it writes into. */
export interface ImportContext {
    /** `--steward`: a department's qualified name, for declarations whose source names none. */
    steward?: string;
    departments: Array<{ qualifiedName: string; name: string; label?: string }>;
    /** Elements of the workspace an import may reuse (SQL columns of the same label and type). */
    elements?: Array<{ qualifiedName: string; label?: string; primitive?: Primitive; codeList?: string }>;
    /** Qualified names of every declaration of the workspace (what a catalog's field may name besides its own). */
    declared?: ReadonlySet<string>;
    /** `--columns`: role → header text, overriding the recognised names. */
    columns?: Record<string, string>;
    /** `--sheet`: the sheet of an .xlsx (default: found by its header). */
    sheet?: string;
}

/** A department named in a table (its label, identifier or qualified name) → its qualified name. */
export function departmentOf(ctx: ImportContext, text: string | undefined): string | undefined {
    const t = text?.trim();
    if (!t) return undefined;
    return ctx.departments.find(d => d.label === t || d.qualifiedName === t || d.name === t)?.qualifiedName;
}
