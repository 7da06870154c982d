// Seeded mutations of .mds text for fuzzing the checker, formatter and language server: token
// deletions, duplications, swaps, insertions of keywords and punctuation, truncations, and
// spliced lines. Shared by the fuzz test (tests/language/fuzz.test.ts) and bench/fuzz.mjs.

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed) {
    let a = seed >>> 0;
    const next = () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return { next, int: n => Math.floor(next() * n), pick: list => list[Math.floor(next() * list.length)] };
}

const TOKEN = /"(?:\\.|[^"\\])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\.|\s+|./g;
const INSERTS = ['{', '}', ':', '?', '[', ']', '..', ',', '.', '"', '"x"', '0', '-1', '1e999', 'record', 'element', 'codelist',
    'department', 'domain', 'system', 'flow', 'namespace', 'import', 'version', 'extends', 'key', 'parent', 'owner', 'from',
    'to', 'carries', 'stores', 'range', 'length', 'pattern', 'format', 'scale', 'since', 'status', 'share', 'open', 'steward',
    'replacedBy', 'deprecated', 'string', 'integer', 'date', '/*', '*/', '//', '\n', '"\\d{6}"', '"(a+)+b"', '中文', '\u0000'];

export function tokens(text) {
    return text.match(TOKEN) ?? [];
}

/** One to three mutations of `text`. */
export function mutate(text, r, donors = []) {
    let toks = tokens(text);
    const count = 1 + r.int(3);
    for (let k = 0; k < count && toks.length; k++) {
        const i = r.int(toks.length);
        switch (r.int(8)) {
            case 0: toks.splice(i, 1); break;
            case 1: toks.splice(i, 1 + r.int(12)); break;
            case 2: toks.splice(i, 0, toks[i]); break;
            case 3: { const j = r.int(toks.length); [toks[i], toks[j]] = [toks[j], toks[i]]; break; }
            case 4: toks.splice(i, 0, r.pick(INSERTS), ' '); break;
            case 5: toks = toks.slice(0, i); break;
            case 6: toks[i] = toks[r.int(toks.length)]; break;
            case 7: {
                const donor = donors.length ? r.pick(donors) : text;
                const lines = donor.split('\n');
                toks.splice(i, 0, '\n', lines[r.int(lines.length)], '\n');
                break;
            }
        }
    }
    return toks.join('');
}
