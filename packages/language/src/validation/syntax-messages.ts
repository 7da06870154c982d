import type { Locale } from '../diagnostics/messages.js';

/**
 * Turns chevrotain's parser and lexer messages into one short line: what was found and what
 * was expected, in the committee's words.
 */
export function describeSyntaxError(message: string, locale: Locale): string {
    const zh = locale === 'zh';
    const lexer = /unexpected character: ->(.+?)<-/s.exec(message);
    if (lexer) {
        const ch = lexer[1];
        if (ch === '"') return zh ? '字符串缺少结束引号 "' : 'string without a closing quote "';
        return zh ? `无法识别的字符 ${ch}` : `unexpected character ${ch}`;
    }
    const foundRaw = /but found:? ?[`']([\s\S]*)[`']\.?$/.exec(message)?.[1];
    const found = foundRaw === undefined || foundRaw === '' ? (zh ? '文件结尾' : 'end of file') : `'${foundRaw}'`;
    if (/^Expecting end of file/.test(message) || /Redundant input, expecting EOF/.test(message)) {
        return zh ? `此处不应出现 ${found}：应为一个声明（element、record、codelist…）`
            : `unexpected ${found}: a declaration (element, record, codelist, …) was expected`;
    }
    const single = /^Expecting token of type '([^']+)'/.exec(message)?.[1];
    const sequences = [...message.matchAll(/^\s*\d+\. \[([^\]\s]+)/gm)].map(m => m[1]);
    const expected = single ? [single] : [...new Set(sequences)];
    if (expected.length) {
        const list = expected.slice(0, 8).map(t => tokenName(t, zh)).join(zh ? '、' : ', ') + (expected.length > 8 ? '…' : '');
        return zh ? `此处应为 ${list}，实际为 ${found}` : `expected ${list} but found ${found}`;
    }
    return zh ? `此处不应出现 ${found}` : `unexpected ${found}`;
}

function tokenName(token: string, zh: boolean): string {
    switch (token) {
        case 'ID': return zh ? '名称' : 'a name';
        case 'STRING': return zh ? '字符串' : 'a string';
        case 'NUMBER': return zh ? '数字' : 'a number';
        case 'EOF': return zh ? '文件结尾' : 'end of file';
        default: return `'${token}'`;
    }
}
