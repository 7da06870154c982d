import { diagnosticData, type AstNode, type DiagnosticInfo, type ValidationAcceptor } from 'langium';
import { diagnostics, formatMessage, qualifiedCode, type DiagnosticCode, type Locale, type Severity } from './messages.js';

/** Mutable settings shared by the services (the language server sets the locale from the client). */
export class MdsSettings {
    locale: Locale = 'zh';
}

/** Where a diagnostic points: a node, narrowed to one of its properties, keywords or list items. */
export interface Target {
    node: AstNode;
    property?: string;
    index?: number;
    keyword?: string;
}

export type Reporter = (code: DiagnosticCode, args: Record<string, string | number>, target: Target, severity?: Severity) => void;

/** Wraps a Langium acceptor so every diagnostic carries its table code, severity and localized message. */
export function reporter(accept: ValidationAcceptor, settings: MdsSettings): Reporter {
    return (code, args, target, severity) => {
        // A follow-on of a syntax error (a declaration without its name, an attribute without its
        // value): the syntax error is already reported, and a message must never say `undefined`.
        if (Object.values(args).some(v => v === undefined || (typeof v === 'number' && Number.isNaN(v)))) return;
        const full = qualifiedCode(code);
        accept(severity ?? diagnostics[code].severity, formatMessage(code, args, settings.locale),
            { ...target, code: full, data: { ...diagnosticData(full), args } } as DiagnosticInfo<AstNode>);
    };
}
