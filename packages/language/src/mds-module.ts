import {
    createDefaultCoreModule, createDefaultSharedCoreModule, createLangiumParser, inject, type DefaultSharedCoreModuleContext,
    type LangiumCoreServices, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices
} from 'langium';
import {
    createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
    type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices
} from 'langium/lsp';
import { MdsCodeActionProvider } from './lsp/mds-code-actions.js';
import { MdsCodeLensProvider } from './lsp/mds-code-lens.js';
import { MdsInlayHintProvider } from './lsp/mds-inlay-hints.js';
import { MdsDocumentSymbolProvider } from './lsp/mds-document-symbols.js';
import { MdsCompletionProvider } from './lsp/mds-completion.js';
import { MdsFormatter } from './lsp/mds-formatter.js';
import { MdsHoverProvider } from './lsp/mds-hover.js';
import { MdsRenameProvider } from './lsp/mds-rename.js';
import { MdsSemanticTokenProvider } from './lsp/mds-semantic-tokens.js';
import { MdsWorkspaceSymbolProvider } from './lsp/mds-workspace-symbols.js';
import { MdsWorkspaceManager } from './lsp/mds-workspace-manager.js';
import { MdsLangiumDocuments } from './lsp/mds-documents.js';
import { MdsDocumentBuilder, MdsDocumentUpdateHandler } from './lsp/mds-document-update.js';
import { MdsGeneratedModule, MdsGeneratedSharedModule } from './generated/module.js';
import { MdsSettings } from './diagnostics/report.js';
import { GovernanceCalculator } from './model/governance.js';
import { MdsLinker } from './scope/mds-linker.js';
import { MdsScopeComputation } from './scope/mds-scope-computation.js';
import { MdsScopeProvider } from './scope/mds-scope-provider.js';
import { MdsAstNodeDescriptionProvider } from './scope/mds-ast-descriptions.js';
import { NamespaceIndex } from './scope/namespace-index.js';
import { WorkspaceFacts } from './validation/workspace-facts.js';
import { Baseline } from './validation/baseline.js';
import { MdsValidationRegistry } from './validation/mds-validation-registry.js';
import { MdsDocumentValidator } from './validation/mds-document-validator.js';
import { registerValidationChecks } from './validation/mds-validator.js';
import { MdsValueConverter } from './parser/mds-value-converter.js';
import { CountingErrorMessageProvider, guardParser } from './parser/guarded-parser.js';
import { FastMdsParser } from './parser/fast-parser.js';
import { BatchIndexManager } from './workspace/build-workspace.js';

/** Services MDS adds to Langium's. */
export interface MdsAddedServices {
    references: { NamespaceIndex: NamespaceIndex };
    model: { Governance: GovernanceCalculator; WorkspaceFacts: WorkspaceFacts; Baseline: Baseline };
    options: { Settings: MdsSettings };
}

/** The core services: what the CLI, generators and tests need (no LSP features). */
export type MdsCoreServices = LangiumCoreServices & MdsAddedServices;
/** The full services of the language server. */
export type MdsServices = LangiumServices & MdsAddedServices;

export const MdsCoreModule: Module<MdsCoreServices, PartialLangiumCoreServices & MdsAddedServices> = {
    parser: {
        ValueConverter: () => new MdsValueConverter(),
        ParserErrorMessageProvider: () => new CountingErrorMessageProvider(),
        LangiumParser: services => guardParser(() => createLangiumParser(services), services.parser.ParserErrorMessageProvider as CountingErrorMessageProvider, new FastMdsParser(services))
    },
    references: {
        ScopeComputation: services => new MdsScopeComputation(services),
        ScopeProvider: services => new MdsScopeProvider(services),
        Linker: services => new MdsLinker(services),
        NamespaceIndex: services => new NamespaceIndex(services.shared)
    },
    workspace: {
        AstNodeDescriptionProvider: services => new MdsAstNodeDescriptionProvider(services)
    },
    validation: {
        DocumentValidator: services => new MdsDocumentValidator(services),
        ValidationRegistry: services => new MdsValidationRegistry(services)
    },
    model: {
        Governance: services => new GovernanceCalculator(services.shared),
        WorkspaceFacts: services => new WorkspaceFacts(services),
        Baseline: services => new Baseline(services)
    },
    options: {
        Settings: () => new MdsSettings()
    }
};

/** The editor features. */
export const MdsLspModule: Module<MdsServices, PartialLangiumServices> = {
    lsp: {
        CompletionProvider: services => new MdsCompletionProvider(services),
        HoverProvider: services => new MdsHoverProvider(services),
        RenameProvider: services => new MdsRenameProvider(services),
        Formatter: services => new MdsFormatter(services),
        CodeActionProvider: services => new MdsCodeActionProvider(services),
        SemanticTokenProvider: services => new MdsSemanticTokenProvider(services),
        InlayHintProvider: () => new MdsInlayHintProvider(),
        DocumentSymbolProvider: services => new MdsDocumentSymbolProvider(services),
        CodeLensProvider: services => new MdsCodeLensProvider(services)
    }
};

/** Shared editor services (workspace symbols search labels too). */
export const MdsSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    lsp: {
        WorkspaceSymbolProvider: services => new MdsWorkspaceSymbolProvider(services),
        DocumentUpdateHandler: services => new MdsDocumentUpdateHandler(services)
    },
    workspace: {
        WorkspaceManager: services => new MdsWorkspaceManager(services),
        DocumentBuilder: services => new MdsDocumentBuilder(services),
        LangiumDocuments: services => new MdsLangiumDocuments(services)
    }
};

/**
 * Core services for the CLI, generators and tests: parsing, linking, validation, the semantic
 * model. No LSP features are loaded, which keeps the CLI's start-up short. `batch` is for
 * one-shot tools: references are not indexed (nothing asks "who uses X" through the index), and
 * the CST of a well-formed file is built only when something reads it.
 */
export function createMdsCoreServices(context: DefaultSharedCoreModuleContext, options: { batch?: boolean } = {}): { shared: LangiumSharedCoreServices; Mds: MdsCoreServices } {
    const batch: Module<LangiumSharedCoreServices, object> = options.batch
        ? { workspace: { IndexManager: (services: LangiumSharedCoreServices) => new BatchIndexManager(services) } } as Module<LangiumSharedCoreServices, object>
        : {};
    const shared = inject(createDefaultSharedCoreModule(context), MdsGeneratedSharedModule, batch);
    // One-shot tools build the CST of a well-formed file only when something reads it (parser/lazy-cst.ts).
    const lazyCst: Module<MdsCoreServices, PartialLangiumCoreServices> = options.batch
        ? { parser: { LangiumParser: services => guardParser(() => createLangiumParser(services), services.parser.ParserErrorMessageProvider as CountingErrorMessageProvider, new FastMdsParser(services, true)) } }
        : {};
    const Mds = inject(createDefaultCoreModule({ shared }), MdsGeneratedModule, MdsCoreModule, lazyCst);
    shared.ServiceRegistry.register(Mds);
    registerValidationChecks(Mds);
    return { shared, Mds };
}

/** The full services of the language server (and of LSP-level tests). */
export function createMdsServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Mds: MdsServices } {
    const shared = inject(createDefaultSharedModule(context), MdsGeneratedSharedModule, MdsSharedLspModule);
    const Mds = inject(createDefaultModule({ shared }), MdsGeneratedModule, MdsCoreModule, MdsLspModule);
    shared.ServiceRegistry.register(Mds);
    registerValidationChecks(Mds);
    if (!context.connection) {
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Mds };
}
