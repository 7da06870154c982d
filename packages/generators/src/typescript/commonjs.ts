/**
 * The CommonJS twin of a generated ES module. The generated modules have a fixed shape — `import *
 * as X from 'Y';` lines, `export const` / `export function` declarations — so the translation is
 * line by line. Exports are assigned one by one on `exports` (never by replacing `module.exports`),
 * so packages of namespaces that import each other in a cycle see each other's tables filled in.
 */
export function toCommonJs(esm: string): string {
    const names: string[] = [];
    const body = esm.split('\n').map(line => {
        const imp = /^import \* as (\w+) from '([^']+)';$/.exec(line);
        if (imp) return `const ${imp[1]} = require(${JSON.stringify(imp[2].replace(/^(\.\/.*)\.js$/, '$1.cjs'))});`;
        const exp = /^export (const|function) (\w+)/.exec(line);
        if (exp) {
            names.push(exp[2]);
            return line.slice('export '.length);
        }
        return line;
    });
    const header = body[0]?.startsWith('//') ? [body.shift()!, "'use strict';"] : ["'use strict';"];
    return [...header, ...body, ...names.map(n => `exports.${n} = ${n};`), ''].join('\n');
}
