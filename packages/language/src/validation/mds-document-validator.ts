import {
    Cancellation, DefaultDocumentValidator, diagnosticData, interruptAndCheck, type AstNode, type DiagnosticInfo, type LangiumDocument, type ParseResult,
    type ValidationAcceptor, type ValidationCheck, type ValidationOptions
} from 'langium';
import type { Model } from '../generated/ast.js';
import { forEachCheckedNodeOf } from '../model/walk.js';
import type { Diagnostic } from 'vscode-languageserver-types';
import { formatMessage, qualifiedCode, type DiagnosticCode } from '../diagnostics/messages.js';
import type { MdsSettings } from '../diagnostics/report.js';
import type { MdsLinkingError } from '../scope/mds-linker.js';
import type { MdsCoreServices as MdsServices } from '../mds-module.js';
import { describeSyntaxError } from './syntax-messages.js';
import { CODED_MESSAGE, MAX_SYNTAX_ERRORS } from '../parser/guarded-parser.js';
import { lazyTwin } from '../parser/lazy-cst.js';

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

    /** A diagnostic of a tree parsed without its CST takes its range from a twin of its declaration (parser/lazy-cst.ts). */
    override toDiagnostic<N extends AstNode>(severity: 'error' | 'warning' | 'info' | 'hint', message: string, info: DiagnosticInfo<N, string>): Diagnostic {
        const twin = info.range ? undefined : lazyTwin(info.node);
        return super.toDiagnostic(severity, message, twin ? { ...info, node: twin as N } : info);
    }

    protected override processLexingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        super.processLexingErrors(parseResult, own, options);
        for (const d of own) {
            const message = String(d.message);
            if (message.startsWith(CODED_MESSAGE)) {
                const [code, size, limit] = message.slice(CODED_MESSAGE.length).split(':');
                diagnostics.push(this.recode(d, code as DiagnosticCode, size ? { size, limit } : {}));
            } else {
                diagnostics.push(this.recode(d, 'syntax-error', { detail: describeSyntaxError(message, this.settings.locale) }));
            }
        }
    }

    protected override processParsingErrors(parseResult: ParseResult, diagnostics: Diagnostic[], options: ValidationOptions): void {
        const own: Diagnostic[] = [];
        // After the first syntax errors the rest are mostly follow-on noise of recovery.
        super.processParsingErrors({ ...parseResult, parserErrors: parseResult.parserErrors.slice(0, MAX_SYNTAX_ERRORS) }, own, options);
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

    /**
     * Visits only the nodes that can carry checks, by a direct walk (see model/walk.ts), and
     * lets synchronous checks run without suspending between nodes.
     */
    protected override async validateAstNodes(rootNode: AstNode, options: ValidationOptions, acceptor: ValidationAcceptor,
        cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const checksByType = new Map<string, ValidationCheck[]>();
        const pending: Array<Promise<unknown>> = [];
        let count = 0;
        const visit = (node: AstNode) => {
            let checks = checksByType.get(node.$type);
            if (!checks) checksByType.set(node.$type, checks = this.validationRegistry.getChecks(node.$type, options.categories).toArray());
            for (const check of checks) {
                const result = check(node, acceptor, cancelToken);
                if (result) pending.push(result);
            }
        };
        const model = rootNode as Model;
        visit(model);
        for (const imp of model.imports) visit(imp);
        for (const decl of model.declarations) {
            if (++count % 32 === 0) await interruptAndCheck(cancelToken);
            forEachCheckedNodeOf(decl, visit);
        }
        await Promise.all(pending);
    }

    private recode(d: Diagnostic, code: DiagnosticCode, args: Record<string, string>): Diagnostic {
        const full = qualifiedCode(code);
        return { ...d, code: full, message: formatMessage(code, args, this.settings.locale), data: { ...d.data, ...diagnosticData(full), args } };
    }
}
