import type { LangiumParser, ParseResult } from 'langium';

/** The largest `.mds` file MDS parses (characters); larger files get one `file-too-large` error. */
export const MAX_SOURCE_CHARS = 4 * 1024 * 1024;

/** Lexer messages with this prefix carry an MDS diagnostic code (see MdsDocumentValidator). */
export const CODED_MESSAGE = 'mds-code:';

/**
 * Makes the parser total: on pathologically deep or broken input chevrotain's recursive descent
 * and recovery can exhaust the stack. Then the longest prefix that parses is kept (its own syntax
 * errors included) and one `nesting-too-deep` error marks where parsing stopped; the rest of the
 * file is not read. A file above MAX_SOURCE_CHARS is not parsed at all. Nothing throws.
 */
export function guardParser(parser: LangiumParser): LangiumParser {
    const parse = parser.parse.bind(parser);
    const attempt = (text: string): ParseResult | undefined => {
        try {
            return parse(text);
        } catch (e) {
            if (!(e instanceof RangeError)) throw e;
            // The parser's own stack is left behind by the throw; the next parse resets the rest.
            (parser as unknown as { stack: unknown[] }).stack = [];
            return undefined;
        }
    };
    parser.parse = ((text: string, options?: { rule?: string }) => {
        if (options?.rule) return parse(text, options);
        if (text.length > MAX_SOURCE_CHARS) {
            const result = parse('');
            result.parserErrors = [];
            result.lexerErrors = [coded(text, 0, `file-too-large:${(text.length / 1048576).toFixed(1)}:${MAX_SOURCE_CHARS / 1048576}`)];
            return result;
        }
        const full = attempt(text);
        if (full) return full;
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
    return parser;
}

function coded(text: string, offset: number, code: string): ParseResult['lexerErrors'][number] {
    let line = 1, lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
    }
    return { offset, line, column: offset - lineStart + 1, length: 1, message: CODED_MESSAGE + code };
}
