import type { Locale } from '@mds/language';

/** The CLI's own words, in both languages. Diagnostic messages live in the language's table. */
export interface Texts {
    missingPath(p: string): string;
    noSources(p: string): string;
    unreadable(p: string, why: string): string;
    notUtf8(at: string): string;
    summary(files: number, errors: number, warnings: number): string;
    tooManyWarnings(count: number, max: number): string;
    severity(s: 'error' | 'warning' | 'info'): string;
}

const zh: Texts = {
    missingPath: p => `找不到路径：${p}`,
    noSources: p => `文件夹 ${p} 中没有 .mds 文件`,
    unreadable: (p, why) => `无法读取 ${p}（${why}）`,
    notUtf8: at => `${at} - 文件不是有效的 UTF-8 编码，请以 UTF-8 保存`,
    summary: (f, e, w) => `检查了 ${f} 个文件：${e} 个错误，${w} 个警告`,
    tooManyWarnings: (c, m) => `警告数 ${c} 超过了 --max-warnings ${m}`,
    severity: s => s
};

const en: Texts = {
    missingPath: p => `no such file or folder: ${p}`,
    noSources: p => `no .mds files in folder ${p}`,
    unreadable: (p, why) => `cannot read ${p} (${why})`,
    notUtf8: at => `${at} - the file is not valid UTF-8; save it as UTF-8`,
    summary: (f, e, w) => `checked ${f} file${f === 1 ? '' : 's'}: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`,
    tooManyWarnings: (c, m) => `${c} warnings exceed --max-warnings ${m}`,
    severity: s => s
};

export function texts(locale: Locale): Texts {
    return locale === 'en' ? en : zh;
}
