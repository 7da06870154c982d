import { isRecord, type Field, type Record as RecordDecl } from '../generated/ast.js';

/** The record and its ancestors through `extends`, nearest first, stopping before a cycle repeats. */
export function superChain(record: RecordDecl): RecordDecl[] {
    const chain = [record];
    for (let r = record.superType?.ref; isRecord(r) && !chain.includes(r); r = r.superType?.ref) chain.push(r);
    return chain;
}

/** Inherited fields first (root ancestor's first), then the record's own. */
export function allFields(record: RecordDecl): Field[] {
    return superChain(record).reverse().flatMap(r => r.fields);
}
