import {
    DefaultDocumentValidator, diagnosticData, type LangiumDocument, type ParseResult, type ValidationOptions
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { formatMessage, qualifiedCode, type DiagnosticCode } from '../diagnostics/messages.js';
import type { MdsSettings } from '../diagnostics/report.js';
import type { MdsLinkingError } from '../scope/mds-linker.js';
import type { MdsCoreServices as MdsServices } from '../mds-module.js';
import { describeSyntaxError } from './syntax-messages.js';

/**
 * Gives lexing, parsing and linking errors MDS codes and localized messages, so that every
 * diagnostic, whatever produced it, has a stable `mds/…` code.
 */
export class MdsDocumentValidator extends DefaultDocumentValidator {
    private readonly settings: MdsSettings;

    constructor(services: MdsServices) {
        super(services);
        this.settings = services.options.Settings;
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        for (const d of own) diagnostics.push(this.recode(d, 'syntax-error', { detail: describeSyntaxError(String(d.message), this.settings.locale) }));
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processParsingErrors(parseResult, own, options);
        for (const d of own) diagnostics.push(this.recode(d, 'syntax-error', { detail: describeSyntaxError(String(d.message), this.settings.locale) }));
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLinkingErrors(document, own, options);
        // Same order as super: one diagnostic per reference with an error.
        const errors = document.references.map(r => r.error as MdsLinkingError | undefined).filter(e => e !== undefined);
        own.forEach((d, i) => {
            const mds = errors[i]?.mds;
            diagnostics.push(mds ? this.recode(d, mds.code, mds.args) : d);
        });
    }

    private recode(d: Diagnostic, code: DiagnosticCode, args: Record<string, string>): Diagnostic {
        const full = qualifiedCode(code);
        return { ...d, code: full, message: formatMessage(code, args, this.settings.locale), data: { ...d.data, ...diagnosticData(full) } };
    }
}
