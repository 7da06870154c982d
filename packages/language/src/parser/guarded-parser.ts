import type { FastMdsParser } from './fast-parser.js';
import { LangiumParserErrorMessageProvider, type LangiumParser, type ParseResult } from 'langium';

/** The largest `.mds` file MDS parses (characters); larger files get one `file-too-large` error. */
export const MAX_SOURCE_CHARS = 4 * 1024 * 1024;

/** Syntax errors a parse may meet before it stops (error recovery costs grow with each one). */
export const MAX_SYNTAX_ERRORS = 100;

class TooManySyntaxErrors extends Error {
    constructor(readonly offset: number | undefined) {
        super('too many syntax errors');
    }
}

type Provider = LangiumParserErrorMessageProvider;
type Messages = Parameters<Provider['buildMismatchTokenMessage']>[0];
type Alternatives = Parameters<Provider['buildNoViableAltMessage']>[0];
type EarlyExit = Parameters<Provider['buildEarlyExitMessage']>[0];
type NotAll = Parameters<Provider['buildNotAllInputParsedMessage']>[0];

/**
 * Langium's messages, counted: after MAX_SYNTAX_ERRORS the parse is stopped (chevrotain's
 * recovery on garbage such as 10,000 `a:` in a row costs seconds and, deep enough, the stack).
 */
export class CountingErrorMessageProvider extends LangiumParserErrorMessageProvider {
    count = 0;
    /** Counting is on only during a guarded document parse (not for the completion parser, which shares this provider). */
    armed = false;

    private counted(offset: number | undefined): void {
        if (this.armed && ++this.count > MAX_SYNTAX_ERRORS) throw new TooManySyntaxErrors(offset);
    }

    override buildMismatchTokenMessage(options: Messages): string {
        this.counted(options.actual?.startOffset);
        return super.buildMismatchTokenMessage(options);
    }

    override buildNotAllInputParsedMessage(options: NotAll): string {
        this.counted(options.firstRedundant?.startOffset);
        return super.buildNotAllInputParsedMessage(options);
    }

    override buildNoViableAltMessage(options: Alternatives): string {
        this.counted(options.actual?.[0]?.startOffset);
        return super.buildNoViableAltMessage(options);
    }

    override buildEarlyExitMessage(options: EarlyExit): string {
        this.counted(options.actual?.[0]?.startOffset);
        return super.buildEarlyExitMessage(options);
    }
}

/** Lexer messages with this prefix carry an MDS diagnostic code (see MdsDocumentValidator). */
export const CODED_MESSAGE = 'mds-code:';

/**
 * Makes the parser total and its cost bounded: on pathologically deep or broken input chevrotain's
 * recursive descent and recovery can exhaust the stack, and each recovered error costs more. After
 * MAX_SYNTAX_ERRORS, or on a stack overflow, the text up to that point (or the longest prefix that
 * parses) is kept with its own syntax errors, and one `nesting-too-deep` error marks where parsing
 * stopped; the rest of the file is not read. A file above MAX_SOURCE_CHARS is not parsed at all.
 */
export function guardParser(create: () => LangiumParser, messages: CountingErrorMessageProvider, fast?: FastMdsParser): LangiumParser {
    // Langium's (chevrotain's) parser is built the first time a text needs it: building it analyses
    // the whole grammar (~70 ms at every start of the CLI), and well-formed files never need it.
    let built: LangiumParser | undefined;
    const parser = () => built ??= create();
    const parse: LangiumParser['parse'] = (text, options) => parser().parse(text, options);
    let stoppedAt: number | undefined;
    const attempt = (text: string): ParseResult | undefined => {
        messages.count = 0;
        messages.armed = true;
        try {
            return parse(text);
        } catch (e) {
            if (!(e instanceof RangeError) && !(e instanceof TooManySyntaxErrors)) throw e;
            if (e instanceof TooManySyntaxErrors) stoppedAt = e.offset;
            // The parser's own stack is left behind by the throw; the next parse resets the rest.
            (parser() as unknown as { stack: unknown[] }).stack = [];
            return undefined;
        } finally {
            messages.armed = false;
        }
    };
    const guarded = ((text: string, options?: { rule?: string }) => {
        if (options?.rule) return parse(text, options);
        if (text.length > MAX_SOURCE_CHARS) {
            const result = parse('');
            result.parserErrors = [];
            result.lexerErrors = [coded(text, 0, `file-too-large:${(text.length / 1048576).toFixed(1)}:${MAX_SOURCE_CHARS / 1048576}`)];
            return result;
        }
        // A well-formed file: the fast parser builds Langium's tree; anything else is Langium's to parse.
        const quick = fast?.parse(text);
        if (quick) return quick;
        stoppedAt = undefined;
        const full = attempt(text);
        if (full) return full;
        // Stopped after too many errors: the text before the last counted error parses.
        if (stoppedAt !== undefined && stoppedAt > 0) {
            const at = stoppedAt;
            const prefix = attempt(text.slice(0, at));
            if (prefix) {
                prefix.lexerErrors = [...prefix.lexerErrors, coded(text, at, 'nesting-too-deep')];
                return prefix;
            }
        }
        // Binary search for the longest prefix that parses.
        let good = 0, bad = text.length;
        let best = attempt('')!;
        while (bad - good > 64) {
            const mid = Math.floor((good + bad) / 2);
            const r = attempt(text.slice(0, mid));
            if (r) { good = mid; best = r; } else bad = mid;
        }
        best.lexerErrors = [...best.lexerErrors, coded(text, good, 'nesting-too-deep')];
        return best;
    }) as LangiumParser['parse'];
    // Langium calls only parse(); anything else is Langium's parser's own, built then.
    return new Proxy({} as LangiumParser, { get: (_, key) => key === 'parse' ? guarded : Reflect.get(parser(), key, parser()) });
}

function coded(text: string, offset: number, code: string): ParseResult['lexerErrors'][number] {
    let line = 1, lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { offset, line, column: offset - lineStart + 1, length: 1, message: CODED_MESSAGE + code };
}
