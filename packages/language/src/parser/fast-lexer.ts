import type { IToken, TokenType } from 'chevrotain';

/**
 * The tokens of a `.mds` text as chevrotain's lexer (built by Langium from the grammar) makes
 * them — same token types, offsets, lines and columns, comments as hidden tokens, whitespace
 * skipped — but stored in flat arrays instead of one object per token, for the fast parser.
 * `lex` returns false where chevrotain would report an error (a character no token starts
 * with, an unterminated string or comment): the caller then leaves the text to Langium.
 *
 * Chevrotain's rules, reproduced: a keyword made of letters is a keyword only when the whole
 * identifier-like run is that keyword (`LONGER_ALT` ID otherwise); `..` before `.`; terminals
 * as their regular expressions in grammar/mds.langium; lines end at `\n`, `\r\n` or `\r`;
 * columns count UTF-16 units; a token that spans lines ends where chevrotain's
 * `updateTokenEndLineColumnLocation` says.
 */
export class MdsTokens {
    /** Token type names: `ID`, `STRING`, `NUMBER`, or a keyword's text. */
    kinds: string[] = [];
    starts = new Int32Array(1024);
    ends = new Int32Array(1024);
    /** 1-based, as chevrotain's tokens. */
    startLines = new Int32Array(1024);
    startColumns = new Int32Array(1024);
    endLines = new Int32Array(1024);
    /** Inclusive, 1-based: the LSP's exclusive 0-based end column. */
    endColumns = new Int32Array(1024);
    count = 0;
    /** Comments, as chevrotain tokens (few: objects are fine). */
    hidden: IToken[] = [];
    text = '';

    /** Keywords made of letters by first character code, to test a word without cutting it out of the text. */
    private readonly byFirst = new Map<number, string[]>();

    /** `words`: keywords made of letters; `types`: every token type by name (the lexer's definition). */
    constructor(words: ReadonlySet<string>, readonly types: Record<string, TokenType>) {
        for (const w of words) {
            const list = this.byFirst.get(w.charCodeAt(0));
            if (list) list.push(w); else this.byFirst.set(w.charCodeAt(0), [w]);
        }
    }

    /** The keyword that is exactly the word of `length` characters at `i`, if any. */
    private keywordAt(text: string, i: number, length: number): string | undefined {
        const list = this.byFirst.get(text.charCodeAt(i));
        if (list) for (const w of list) if (w.length === length && text.startsWith(w, i)) return w;
        return undefined;
    }

    /** The tokens of `text`, or of its part from `from` (at `line`:`column`) to `until`. False where chevrotain reports an error. */
    lex(text: string, from = 0, startLine = 1, startColumn = 1, until = text.length): boolean {
        this.text = text;
        this.count = 0;
        this.kinds.length = 0;
        this.hidden = [];
        const len = until;
        let line = startLine, column = startColumn, i = from;
        while (i < len) {
            const c = text.charCodeAt(i);
            let j: number, kind: string;
            /** 0: a token, 1: a comment (hidden), 2: whitespace (skipped). */
            let group = 0;
            let lines = false;
            if (isSpace(c)) {
                j = i + 1;
                while (j < len && isSpace(text.charCodeAt(j))) j++;
                kind = '';
                group = 2;
                lines = true;
            } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
                j = i + 1;
                for (let d = text.charCodeAt(j); j < len && ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || d === 95); d = text.charCodeAt(++j));
                kind = this.keywordAt(text, i, j - i) ?? 'ID';
            } else if (c >= 48 && c <= 57) {
                j = numberEnd(text, i);
                kind = 'NUMBER';
            } else if (c === 34) {
                j = stringEnd(text, i);
                if (j < 0) return false;
                kind = 'STRING';
                lines = true;
            } else if (c === 47) {
                const next = text.charCodeAt(i + 1);
                if (next === 42) {
                    const close = text.indexOf('*/', i + 2);
                    if (close < 0) return false;
                    j = close + 2;
                    kind = 'ML_COMMENT';
                    lines = true;
                } else if (next === 47) {
                    j = i + 2;
                    for (let d = text.charCodeAt(j); j < len && d !== 10 && d !== 13; d = text.charCodeAt(++j));
                    kind = 'SL_COMMENT';
                } else {
                    return false;
                }
                group = 1;
            } else if (c === 46) {
                j = text.charCodeAt(i + 1) === 46 ? i + 2 : i + 1;
                kind = j === i + 2 ? '..' : '.';
            } else {
                const p = PUNCTUATION[c];
                if (p === undefined) return false;
                j = i + 1;
                kind = p;
            }
            const length = j - i;
            const startLine = line, startColumn = column;
            let endLine = line, endColumn = column + length - 1;
            let breaks = 0, last = -1;
            if (lines) {
                for (let k = i; k < j; k++) {
                    const d = text.charCodeAt(k);
                    if (d === 10) { breaks++; last = k; } else if (d === 13) {
                        if (text.charCodeAt(k + 1) === 10 && k + 1 < j) k++;
                        breaks++;
                        last = k;
                    }
                }
            }
            if (breaks) {
                const lastInImage = last - i;
                line += breaks;
                column = length - lastInImage;
                const endsWithBreak = lastInImage === length - 1;
                if (!(breaks === 1 && endsWithBreak)) {
                    const fix = endsWithBreak ? -1 : 0;
                    endLine = line + fix;
                    endColumn = column - 1 - fix;
                }
            } else {
                column += length;
            }
            if (group === 1) {
                const tokenType = this.types[kind];
                this.hidden.push({ image: text.slice(i, j), startOffset: i, endOffset: j - 1, startLine, startColumn, endLine, endColumn, tokenType, tokenTypeIdx: tokenType.tokenTypeIdx! });
            } else if (group === 0) {
                this.push(kind, i, j, startLine, startColumn, endLine, endColumn);
            }
            i = j;
        }
        return true;
    }

    private push(kind: string, start: number, end: number, startLine: number, startColumn: number, endLine: number, endColumn: number): void {
        const n = this.count++;
        if (n === this.starts.length) this.grow();
        this.kinds[n] = kind;
        this.starts[n] = start;
        this.ends[n] = end;
        this.startLines[n] = startLine;
        this.startColumns[n] = startColumn;
        this.endLines[n] = endLine;
        this.endColumns[n] = endColumn;
    }

    private grow(): void {
        const more = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
        this.starts = more(this.starts);
        this.ends = more(this.ends);
        this.startLines = more(this.startLines);
        this.startColumns = more(this.startColumns);
        this.endLines = more(this.endLines);
        this.endColumns = more(this.endColumns);
    }

    /** Drops the text and comments; the arrays are kept for the next file, unless a very large file grew them (a long-lived language server). */
    clear(): void {
        this.text = '';
        this.hidden = [];
        this.kinds.length = 0;
        if (this.starts.length > 65536) {
            for (const name of ['starts', 'ends', 'startLines', 'startColumns', 'endLines', 'endColumns'] as const) this[name] = new Int32Array(1024);
            this.kinds = [];
        }
    }
}

/** Single-character keywords. */
const PUNCTUATION: Record<number, string | undefined> = { 123: '{', 125: '}', 58: ':', 63: '?', 91: '[', 93: ']', 44: ',', 45: '-' };

/** The punctuation keywords the lexer knows, for the parser to check against the grammar's. */
export const PUNCTUATION_KEYWORDS = new Set([...Object.values(PUNCTUATION) as string[], '.', '..']);

/** JavaScript's `\s` (the WS terminal `/\s+/`). */
function isSpace(c: number): boolean {
    return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
        || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The end of `/[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/` at `i` (a digit). */
function numberEnd(text: string, i: number): number {
    let j = i + 1;
    while (isDigit(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        j += 2;
        while (isDigit(text.charCodeAt(j))) j++;
    }
    const e = text.charCodeAt(j);
    if (e === 101 || e === 69) {
        let k = j + 1;
        const sign = text.charCodeAt(k);
        if (sign === 43 || sign === 45) k++;
        if (isDigit(text.charCodeAt(k))) {
            j = k + 1;
            while (isDigit(text.charCodeAt(j))) j++;
        }
    }
    return j;
}

/** The end of `/"(\\.|[^"\\])*"/` at `i` (a quote), or -1 where it does not match (`.` is not a line break). */
function stringEnd(text: string, i: number): number {
    const len = text.length;
    for (let j = i + 1; j < len; j++) {
        const c = text.charCodeAt(j);
        if (c === 34) return j + 1;
        if (c === 92) {
            const d = text.charCodeAt(j + 1);
            if (j + 1 >= len || d === 10 || d === 13 || d === 0x2028 || d === 0x2029) return -1;
            j++;
        }
    }
    return -1;
}
