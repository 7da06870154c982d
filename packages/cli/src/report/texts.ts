import type { Locale } from '@mds/language';

/** The CLI's own words, in both languages. Diagnostic messages live in the language's table. */
export interface Texts {
    missingPath(p: string): string;
    notMds(p: string): string;
    isFolder(p: string): string;
    noSources(p: string): string;
    unreadable(p: string, why: string): string;
    notUtf8(at: string): string;
    tooLarge(p: string, size: number, limit: number): string;
    summary(files: number, errors: number, warnings: number): string;
    tooManyWarnings(count: number, max: number): string;
    /** After a check with --cache: how many files were checked anew. */
    cacheNote(rechecked: number, files: number): string;
    severity(s: 'error' | 'warning' | 'info'): string;
    buildRefused(out: string): string;
    built(out: string, namespaces: number, targets: Array<[string, number]>): string;
    outIsFile(p: string): string;
    outHoldsSources(p: string): string;
    outNotOurs(p: string): string;
    outUnwritable(p: string, why: string): string;
    outDangling(p: string): string;
    outLocked(p: string, pid: number): string;
}

const zh: Texts = {
    missingPath: p => `找不到路径：${p}`,
    notMds: p => `${p} 不是 .mds 文件（标准文件以 .mds 结尾）`,
    isFolder: p => `${p} 是文件夹，请给出要导入的文件`,
    noSources: p => `文件夹 ${p} 中没有 .mds 文件`,
    unreadable: (p, why) => `无法读取 ${p}（${why}）`,
    notUtf8: at => `${at} - 文件不是有效的 UTF-8 编码，请以 UTF-8 保存`,
    tooLarge: (p, size, limit) => `${p} 过大（${size.toFixed(1)} M 字符），单个 .mds 文件最多 ${limit} M 字符；请拆分为多个文件`,
    summary: (f, e, w) => `检查了 ${f} 个文件：${e} 个错误，${w} 个警告`,
    tooManyWarnings: (c, m) => `警告数 ${c} 超过了 --max-warnings ${m}`,
    cacheNote: (n, f) => n === 0 ? `（缓存：${f} 个文件均未改动，结果取自缓存）` : `（缓存：重新检查了 ${n} / ${f} 个文件）`,
    severity: s => s,
    buildRefused: out => `有错误，未构建；${out} 保持不变`,
    built: (out, n, targets) => `构建完成：${n} 个命名空间 → ${out}（${targets.map(([t, c]) => `${t} ${c} 个文件`).join('，')}）`,
    outIsFile: p => `--out ${p} 是一个文件，请指定文件夹`,
    outHoldsSources: p => `--out ${p} 包含要构建的标准文件；构建会替换整个输出文件夹，请指定其他文件夹`,
    outNotOurs: p => `--out ${p} 不是空文件夹，也不是 MDS 之前的输出（没有 .mds-build.json，或其中有不是 MDS 生成的文件）；为避免删除你的文件，请指定空文件夹或新文件夹`,
    outUnwritable: (p, why) => `无法写入输出文件夹 ${p}（${why}）`,
    outDangling: p => `--out ${p} 是指向不存在位置的符号链接`,
    outLocked: (p, pid) => `另一个 mds 构建（进程 ${pid}）正在写入 ${p}，等待超时；请稍后再试`
};

const en: Texts = {
    missingPath: p => `no such file or folder: ${p}`,
    notMds: p => `${p} is not a .mds file (standards files end in .mds)`,
    isFolder: p => `${p} is a folder; give the file to import`,
    noSources: p => `no .mds files in folder ${p}`,
    unreadable: (p, why) => `cannot read ${p} (${why})`,
    notUtf8: at => `${at} - the file is not valid UTF-8; save it as UTF-8`,
    tooLarge: (p, size, limit) => `${p} is too large (${size.toFixed(1)} M characters): a .mds file may hold at most ${limit} M characters; split it into several files`,
    summary: (f, e, w) => `checked ${f} file${f === 1 ? '' : 's'}: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}`,
    tooManyWarnings: (c, m) => `${c} warnings exceed --max-warnings ${m}`,
    cacheNote: (n, f) => n === 0 ? `(cache: none of the ${f} files changed; results from the cache)` : `(cache: re-checked ${n} of ${f} files)`,
    severity: s => s,
    buildRefused: out => `errors found; nothing was built and ${out} is unchanged`,
    built: (out, n, targets) => `built ${n} namespace${n === 1 ? '' : 's'} into ${out} (${targets.map(([t, c]) => `${t}: ${c} files`).join(', ')})`,
    outIsFile: p => `--out ${p} is a file; give a folder`,
    outHoldsSources: p => `--out ${p} holds the standards being built, and a build replaces its whole output folder; choose another folder`,
    outNotOurs: p => `--out ${p} is neither empty nor a previous MDS output (no .mds-build.json, or files MDS did not write); to avoid deleting your files, choose an empty or new folder`,
    outUnwritable: (p, why) => `cannot write the output folder ${p} (${why})`,
    outDangling: p => `--out ${p} is a symbolic link to nothing`,
    outLocked: (p, pid) => `another mds build (process ${pid}) is writing ${p}; gave up waiting, try again later`
};

export function texts(locale: Locale): Texts {
    return locale === 'en' ? en : zh;
}
