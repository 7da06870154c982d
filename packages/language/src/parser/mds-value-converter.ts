import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';

/**
 * Strings follow the language contract: `\"` and `\\` are the only escapes; any other backslash
 * is kept as written, so `pattern "\d{6}"` is the regex `\d{6}` (Langium's default would drop it).
 */
export class MdsValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
        // The terminals of the grammar, directly (the default upper-cases the rule name for each token).
        switch (rule.name) {
            case 'STRING': return unquote(input);
            case 'ID': return input;
            case 'NUMBER': return Number(input);
            // The datatype rules, as the default converts them (by their declared type), without its lookups.
            case 'QualifiedName': case 'Word': case 'Keyword': case 'FieldName': case 'PrimitiveType': case 'FormatName': return input;
            case 'SignedNumber': return Number(input);
            default: return super.runConverter(rule, input, cstNode);
        }
    }
}

/** The value of a string literal (with its quotes). */
export function unquote(literal: string): string {
    const body = literal.slice(1, -1);
    return body.includes('\\') ? body.replace(/\\(["\\])/g, '$1') : body;
}

/** A string literal with the value `value`: the inverse of `unquote`. */
export function quote(value: string): string {
    return '"' + value.replace(/[\\"]/g, c => '\\' + c) + '"';
}
