import { AstUtils, GrammarAST, GrammarUtils, type CompositeCstNode, type CstNode, type LangiumDocument, type Reference } from 'langium';
import {
    type Bound, type CodeList, type Declaration, type Element, type Field, type Model, type Range, type Record as RecordDecl
} from '../generated/ast.js';
import type { MdsCoreServices } from '../mds-module.js';
import { lazyNameLine } from '../parser/lazy-cst.js';
import { attr, attrValue } from './attributes.js';
import { allFields } from './records.js';
import type {
    Bounds, Constraints, DeclarationModel, FieldModel, Governance, NamespaceModel, QName, SemanticModel, SourceLocation
} from './semantic-types.js';
import type { Format, Level, Primitive, Status, SystemKind, Update, Via } from './vocabulary.js';

/**
 * Builds the semantic model of a checked workspace. Call it only when the workspace has no
 * errors: unresolved references are left out rather than reported.
 */
export function buildSemanticModel(services: MdsCoreServices, documents: LangiumDocument[]): SemanticModel {
    names = new Map();
    try {
        return build(services, documents);
    } finally {
        names = undefined;
    }
}

/** Qualified names already made while a model is built (each declaration's name is one string, not one per reference). */
let names: Map<Declaration, QName> | undefined;

function build(services: MdsCoreServices, documents: LangiumDocument[]): SemanticModel {
    const builder = new ModelBuilder(services);
    const byNamespace = new Map<string, NamespaceModel>();
    const sorted = [...documents].sort((a, b) => a.uri.toString() < b.uri.toString() ? -1 : 1);
    for (const doc of sorted) {
        const model = doc.parseResult.value as Model;
        if (!model.namespace) continue;
        let ns = byNamespace.get(model.namespace);
        if (!ns) byNamespace.set(model.namespace, ns = { name: model.namespace, imports: [], declarations: [] });
        if (model.version !== undefined) ns.version = model.version;
        for (const imp of model.imports) {
            if (imp.namespace && imp.namespace !== ns.name && !ns.imports.includes(imp.namespace)) ns.imports.push(imp.namespace);
        }
        for (const decl of model.declarations) ns.declarations.push(builder.declaration(decl, model.namespace));
    }
    const namespaces = [...byNamespace.values()].sort((a, b) => a.name < b.name ? -1 : 1);
    const declarations = new Map<QName, DeclarationModel>();
    for (const ns of namespaces) for (const d of ns.declarations) declarations.set(d.qualifiedName, d);
    return { namespaces, declarations };
}

/** The semantic model of one declaration (hover, code lens…). */
export function declarationModel(services: MdsCoreServices, decl: Declaration): DeclarationModel {
    return new ModelBuilder(services).declaration(decl, (AstUtils.findRootNode(decl) as Model).namespace);
}

class ModelBuilder {
    constructor(private readonly services: MdsCoreServices) { }

    declaration(decl: Declaration, namespace: string): DeclarationModel {
        const base = {
            name: decl.name,
            qualifiedName: `${namespace}.${decl.name}`,
            namespace,
            label: decl.label,
            definition: attrValue(decl, 'DefinitionAttr'),
            synonyms: attr(decl, 'SynonymsAttr')?.values ?? [],
            location: location(decl)
        };
        // By $type, not the reflection's isInstance (a type hierarchy lookup per call); elements and records first, the most.
        if (decl.$type === 'Element') return { ...base, kind: 'element', governance: this.governance(decl), ...elementType(decl) };
        if (decl.$type === 'Record') return { ...base, kind: 'record', ...this.record(decl) };
        if (decl.$type === 'Department') {
            return { ...base, kind: 'department', level: attrValue(decl, 'LevelAttr') as Level | undefined, parent: qn(attr(decl, 'ParentAttr')?.target) };
        }
        if (decl.$type === 'CodeList') {
            return {
                ...base, kind: 'codelist', governance: this.governance(decl),
                entries: decl.entries.map(e => ({ code: e.code, label: e.label, parent: e.parent, deprecated: e.deprecated }))
            };
        }
        if (decl.$type === 'Domain') {
            return { ...base, kind: 'domain', owner: qn(attr(decl, 'OwnerAttr')?.target), parent: qn(attr(decl, 'ParentAttr')?.target) };
        }
        if (decl.$type === 'System') {
            return {
                ...base, kind: 'system', owner: qn(attr(decl, 'OwnerAttr')?.target), domain: qn(attr(decl, 'DomainAttr')?.target),
                systemKind: attrValue(decl, 'KindAttr') as SystemKind | undefined,
                stores: qns(attr(decl, 'StoresAttr')?.targets)
            };
        }
        if (decl.$type === 'Flow') {
            return {
                ...base, kind: 'flow', from: qn(attr(decl, 'FromAttr')?.target), to: qn(attr(decl, 'ToAttr')?.target),
                carries: qns(attr(decl, 'CarriesAttr')?.targets), update: attrValue(decl, 'UpdateAttr') as Update | undefined,
                via: attrValue(decl, 'ViaAttr') as Via | undefined, agreement: attrValue(decl, 'AgreementAttr')
            };
        }
        throw new Error(`unknown declaration ${(decl as Declaration).$type}`);
    }

    private governance(decl: Element | CodeList | RecordDecl): Governance {
        const effective = this.services.model.Governance.effective(decl);
        return {
            status: (attrValue(decl, 'StatusAttr') ?? 'draft') as Status,
            steward: qn(attr(decl, 'StewardAttr')?.target),
            grade: effective.grade.value,
            personal: effective.personal.value,
            share: effective.share.value,
            condition: attrValue(decl, 'ConditionAttr'),
            open: effective.open.value,
            update: attrValue(decl, 'UpdateAttr') as Update | undefined,
            source: attrValue(decl, 'SourceAttr'),
            since: attrValue(decl, 'SinceAttr'),
            replacedBy: qn(attr(decl, 'ReplacedByAttr')?.target)
        };
    }

    private record(record: RecordDecl) {
        const effective = this.services.model.Governance.effective(record);
        const fields = allFields(record).map(field).filter((f): f is FieldModel => f !== undefined);
        const stored = this.services.model.WorkspaceFacts.storedBy(record)[0];
        return {
            governance: this.governance(record),
            governancePaths: {
                share: effective.share.path, open: effective.open.path, grade: effective.grade.path, personal: effective.personal.path
            },
            extends: qn(record.superType),
            fields,
            keys: fields.filter(f => f.key).map(f => f.name),
            systemOfRecord: stored ? qualifiedNameOf(stored.system) : undefined
        };
    }
}

function field(f: Field): FieldModel | undefined {
    const target = f.type?.ref;
    const element = target?.$type === 'Element';
    if (!element && target?.$type !== 'Record') return undefined;
    return {
        name: f.name,
        label: f.label ?? target.label,
        key: f.key,
        optional: f.optional,
        list: f.list ? bounds(f.cardinality) as Bounds : undefined,
        type: element ? { element: qualifiedNameOf(target) } : { record: qualifiedNameOf(target) },
        declaredIn: qualifiedNameOf(f.$container)
    };
}

function elementType(element: Element): { type: { primitive: Primitive } | { codeList: QName }; constraints: Constraints } {
    const type = element.type.primitive
        ? { primitive: element.type.primitive as Primitive }
        : { codeList: qn(element.type.codeList) ?? element.type.codeList?.$refText ?? '' };
    const constraints: Constraints = {};
    const length = attr(element, 'LengthAttr');
    if (length) constraints.length = bounds(length.range) as Bounds;
    const pattern = attrValue(element, 'PatternAttr');
    if (pattern !== undefined) constraints.pattern = pattern;
    const format = attrValue(element, 'FormatAttr');
    if (format !== undefined) constraints.format = format as Format;
    const range = attr(element, 'RangeAttr');
    if (range) constraints.range = bounds(range.range);
    const scale = attr(element, 'ScaleAttr');
    if (scale) constraints.scale = scale.value;
    const unit = attrValue(element, 'UnitAttr');
    if (unit !== undefined) constraints.unit = unit;
    return { type, constraints };
}

/** `18` → {min: 18, max: 18}; `1..50`; `0..`; `..200`; `[]` → {}. */
function bounds(range: Range | undefined): Bounds<number | string> {
    if (!range) return {};
    const value = (b: Bound | undefined) => b === undefined ? undefined : b.text ?? b.number;
    const lower = value(range.lower), upper = value(range.upper as Bound | undefined);
    if (!range.dots) return { min: lower, max: lower };
    const result: Bounds<number | string> = {};
    if (lower !== undefined) result.min = lower;
    if (upper !== undefined) result.max = upper;
    return result;
}

export function qualifiedNameOf(decl: Declaration): QName {
    let q = names?.get(decl);
    if (q === undefined) {
        q = `${(AstUtils.findRootNode(decl) as Model).namespace}.${decl.name}`;
        names?.set(decl, q);
    }
    return q;
}

function qn(ref: Reference<Declaration> | undefined): QName | undefined {
    const target = ref?.ref;
    return target ? qualifiedNameOf(target) : undefined;
}

function qns(refs: Array<Reference<Declaration>> | undefined): QName[] {
    return (refs ?? []).map(qn).filter((q): q is QName => q !== undefined);
}

function location(decl: Declaration): SourceLocation {
    const doc = AstUtils.getDocument(decl);
    // A tree parsed without its CST knows its names' lines (parser/lazy-cst.ts): no CST is built for them.
    const lazy = lazyNameLine(decl);
    if (lazy !== undefined) return { uri: doc.uri.toString(), line: lazy + 1 };
    const name = nameNode(decl) ?? decl.$cstNode;
    return { uri: doc.uri.toString(), line: (name?.range.start.line ?? 0) + 1 };
}

/**
 * The CST node of a declaration's name: the first direct child assigned to `name` (no walk of the
 * whole declaration). `Declaration: Element | Record | …` wraps each declaration's node in the
 * node of the unassigned rule call, so a node whose first child is such a call is entered first.
 */
function nameNode(decl: Declaration): CstNode | undefined {
    let node = decl.$cstNode;
    while (node && 'content' in node) {
        const content = (node as CompositeCstNode).content;
        for (const child of content) {
            if (GrammarAST.isAssignment(child.grammarSource?.$container) && child.grammarSource.$container.feature === 'name') return child;
        }
        const first = content[0];
        node = first && GrammarAST.isRuleCall(first.grammarSource) && first.astNode === decl ? first : undefined;
    }
    return decl.$cstNode && GrammarUtils.findNodeForProperty(decl.$cstNode, 'name');
}

/** The model as JSON (`model.json` in every build output): the seam for schema diff between versions. `indent` 0: one line. */
export function modelToJson(model: SemanticModel, indent = 1): string {
    return JSON.stringify({ format: 'mds-model/1', namespaces: model.namespaces }, null, indent) + '\n';
}

/** Reads `model.json` back; undefined when it is not an MDS model. */
export function modelFromJson(text: string): SemanticModel | undefined {
    try {
        const raw = JSON.parse(text) as { format?: string; namespaces?: SemanticModel['namespaces'] };
        if (raw.format !== 'mds-model/1' || !Array.isArray(raw.namespaces)) return undefined;
        const declarations = new Map<QName, DeclarationModel>();
        for (const ns of raw.namespaces) for (const d of ns.declarations) declarations.set(d.qualifiedName, d);
        return { namespaces: raw.namespaces, declarations };
    } catch {
        return undefined;
    }
}
