import type { Locale } from '../diagnostics/messages.js';

/**
 * Turns chevrotain's parser and lexer messages into one short line. Chevrotain lists every
 * possible token sequence; a committee member needs what was found and, when there is one
 * clear choice, what was expected.
 */
export function describeSyntaxError(message: string, locale: Locale): string {
    const zh = locale === 'zh';
    const lexer = /unexpected character: ->(.+?)<-/s.exec(message);
    if (lexer) {
        const ch = lexer[1];
        if (ch === '"') return zh ? '字符串没有结束引号 "' : 'string without a closing quote "';
        return zh ? `无法识别的字符 ${ch}` : `unexpected character ${ch}`;
    }
    const found = /but found:? ?'((?:[^']|'(?!$))*)'\.?$/s.exec(message)?.[1];
    const single = /^Expecting token of type '([^']+)'/.exec(message)?.[1];
    const foundText = found === undefined || found === '' || found === 'EOF'
        ? (zh ? '文件结尾' : 'end of file')
        : `'${found}'`;
    if (single) {
        const expected = tokenName(single, zh);
        return zh ? `此处应为 ${expected}，实际为 ${foundText}` : `expected ${expected} but found ${foundText}`;
    }
    if (/Redundant input, expecting EOF/.test(message)) {
        return zh ? `多余的内容 ${foundText}：此处应为一个声明（element、record、codelist…）` : `unexpected ${foundText}: a declaration (element, record, codelist, …) was expected`;
    }
    return zh ? `此处不应出现 ${foundText}` : `unexpected ${foundText}`;
}

function tokenName(token: string, zh: boolean): string {
    switch (token) {
        case 'ID': return zh ? '标识符' : 'an identifier';
        case 'STRING': return zh ? '字符串' : 'a string';
        case 'NUMBER': return zh ? '数字' : 'a number';
        case 'EOF': return zh ? '文件结尾' : 'end of file';
        default: return `'${token}'`;
    }
}
