import type { Primitive } from '@mds/language';

/** What an import produces before it is written as `.mds`: plain data, names not yet unique. */
export interface Draft {
    elements: DraftElement[];
    codeLists: DraftCodeList[];
    records: DraftRecord[];
    /** Things the reader could not use, said once at the top of the file (and by the CLI). */
    notes: string[];
}

export interface Governance {
    definition?: string;
    /** A department: a qualified name once resolved against the workspace. */
    steward?: string;
    share?: 'unconditional' | 'conditional' | 'none';
    condition?: string;
    open?: 'unconditional' | 'conditional' | 'none';
    update?: string;
    grade?: 'general' | 'important' | 'core';
    personal?: boolean;
    source?: string;
    synonyms?: string[];
}

export interface Constraints {
    length?: [number | undefined, number | undefined];
    pattern?: string;
    format?: 'email' | 'uri' | 'phone-cn' | 'gb11643' | 'uscc';
    range?: [string | undefined, string | undefined];
    scale?: number;
    unit?: string;
}

export interface DraftElement extends Governance {
    name: string;
    label?: string;
    /** A primitive, or the name of a code list of this draft (or a qualified one of the workspace). */
    type: { primitive: Primitive } | { codeList: string };
    constraints: Constraints;
    /** `source:line` (or `source:sheet!row`) for the `// imported from` comment. */
    origin: string;
    /** Evidence from sample data, written as comment lines above the declaration. */
    evidence?: string[];
}

export interface DraftCodeList extends Governance {
    name: string;
    label?: string;
    codes: Array<{ code: string; label: string; parent?: string; deprecated?: boolean }>;
    origin: string;
}

export interface DraftField {
    name: string;
    label?: string;
    /** An element or record of this draft, or a qualified name of the workspace. */
    type: string;
    optional: boolean;
    key: boolean;
    list?: { min?: number; max?: number };
}

export interface DraftRecord extends Governance {
    name: string;
    label?: string;
    /** A record of this draft (or a qualified one of the workspace) whose fields come first. */
    extends?: string;
    fields: DraftField[];
    origin: string;
    evidence?: string[];
}

export function emptyDraft(): Draft {
    return { elements: [], codeLists: [], records: [], notes: [] };
}
