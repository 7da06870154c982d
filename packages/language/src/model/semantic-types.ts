/**
 * The resolved semantic model: what generators, docs, the catalog and (later) schema diff and
 * data-quality validation read. Plain, JSON-serializable data: references are fully qualified
 * names, governance values are effective (rule 5), inherited fields are resolved. Nothing here
 * points into the syntax tree.
 */
import type { Format, Grade, Level, Openness, Primitive, Status, SystemKind, Update, Via } from './vocabulary.js';

/** `namespace.Name`. */
export type QName = string;

export interface SourceLocation {
    /** Document URI. */
    uri: string;
    /** 1-based line of the declaration's name. */
    line: number;
}

interface DeclarationBase {
    name: string;
    qualifiedName: QName;
    namespace: string;
    label?: string;
    definition?: string;
    synonyms: string[];
    location: SourceLocation;
}

/** Governance attributes; for records the share/open/grade/personal values are effective. */
export interface Governance {
    status: Status;
    steward?: QName;
    grade: Grade;
    personal: boolean;
    share: Openness;
    condition?: string;
    open: Openness;
    update?: Update;
    source?: string;
    since?: string;
    replacedBy?: QName;
}

export interface Bounds<T = number> {
    min?: T;
    max?: T;
}

export interface Constraints {
    length?: Bounds;
    pattern?: string;
    format?: Format;
    /** Numbers for integer/decimal, `YYYY-MM-DD` strings for dates. */
    range?: Bounds<number | string>;
    scale?: number;
    unit?: string;
}

export interface DepartmentModel extends DeclarationBase {
    kind: 'department';
    level?: Level;
    parent?: QName;
}

export interface CodeEntryModel {
    code: string;
    label: string;
    parent?: string;
    deprecated: boolean;
}

export interface CodeListModel extends DeclarationBase {
    kind: 'codelist';
    governance: Governance;
    entries: CodeEntryModel[];
}

export interface ElementModel extends DeclarationBase {
    kind: 'element';
    governance: Governance;
    /** A primitive type, or the code list that types the element. */
    type: { primitive: Primitive } | { codeList: QName };
    constraints: Constraints;
}

export interface FieldModel {
    name: string;
    /** The field's own label, else the label of its type. */
    label?: string;
    key: boolean;
    optional: boolean;
    /** Present for list fields: item count bounds (both absent for `[]`). */
    list?: Bounds;
    type: { element: QName } | { record: QName };
    /** The record that declares the field (differs from the owner for inherited fields). */
    declaredIn: QName;
}

export interface RecordModel extends DeclarationBase {
    kind: 'record';
    governance: Governance;
    /** Field paths that forced the effective values (rule 5), when a part did. */
    governancePaths: { share?: string; open?: string; grade?: string; personal?: string };
    extends?: QName;
    /** All fields, inherited first. */
    fields: FieldModel[];
    keys: string[];
    systemOfRecord?: QName;
}

export interface DomainModel extends DeclarationBase {
    kind: 'domain';
    owner?: QName;
    parent?: QName;
}

export interface SystemModel extends DeclarationBase {
    kind: 'system';
    owner?: QName;
    domain?: QName;
    systemKind?: SystemKind;
    stores: QName[];
}

export interface FlowModel extends DeclarationBase {
    kind: 'flow';
    from?: QName;
    to?: QName;
    carries: QName[];
    update?: Update;
    via?: Via;
    agreement?: string;
}

export type DeclarationModel = DepartmentModel | CodeListModel | ElementModel | RecordModel | DomainModel | SystemModel | FlowModel;

export interface NamespaceModel {
    name: string;
    version?: string;
    imports: string[];
    /** Declarations in file order, files sorted by URI. */
    declarations: DeclarationModel[];
}

export interface SemanticModel {
    namespaces: NamespaceModel[];
    /** Every declaration by qualified name. */
    declarations: Map<QName, DeclarationModel>;
}
