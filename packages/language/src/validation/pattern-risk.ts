/**
 * A documented heuristic for catastrophic backtracking (ReDoS) in ECMAScript patterns: a group
 * that contains an unbounded repetition (`+`, `*`, `{n,}`) and is itself repeated without bound
 * — star height 2, as in `(a+)+`, `(\d*)*`, `(?:ab+){2,}` — or a repeated group of alternatives
 * that can match the same text in two ways, as in `(a|a)*`, `(a|ab)*`. Returns the offending part, or
 * undefined. Linear-time patterns like `[A-Z]{2}[0-9]+` or `(JD|ZH)[0-9]{2}(-[0-9]{2})?` pass.
 */
export function backtrackingRisk(pattern: string): string | undefined {
    interface Group { start: number; unbounded: boolean; alternatives: string[]; current: number }
    const stack: Group[] = [{ start: 0, unbounded: false, alternatives: [], current: 0 }];
    let i = 0;
    const quantifierAt = (at: number): { unbounded: boolean; length: number } | undefined => {
        const c = pattern[at];
        if (c === '+' || c === '*') return { unbounded: true, length: pattern[at + 1] === '?' ? 2 : 1 };
        if (c === '?') return { unbounded: false, length: 1 };
        if (c === '{') {
            const m = /^\{(\d+)(,(\d*))?\}\??/.exec(pattern.slice(at));
            if (m) return { unbounded: m[2] !== undefined && m[3] === '', length: m[0].length };
        }
        return undefined;
    };
    while (i < pattern.length) {
        const c = pattern[i];
        const top = stack[stack.length - 1];
        if (c === '\\') {
            i += 2;
            const q = quantifierAt(i);
            if (q) { if (q.unbounded) top.unbounded = true; i += q.length; }
            continue;
        }
        if (c === '[') {
            // Skip a character class.
            let j = i + 1;
            if (pattern[j] === '^') j++;
            if (pattern[j] === ']') j++;
            while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
            i = j + 1;
            const q = quantifierAt(i);
            if (q) { if (q.unbounded) top.unbounded = true; i += q.length; }
            continue;
        }
        if (c === '(') {
            let j = i + 1;
            if (pattern[j] === '?') j += pattern[j + 1] === '<' && pattern[j + 2] !== '=' && pattern[j + 2] !== '!' ? pattern.indexOf('>', j) - j + 1 : 2;
            stack.push({ start: i, unbounded: false, alternatives: [], current: j });
            i = j;
            continue;
        }
        if (c === '|') {
            top.alternatives.push(pattern.slice(top.current, i));
            top.current = i + 1;
            i++;
            continue;
        }
        if (c === ')' && stack.length > 1) {
            const group = stack.pop()!;
            group.alternatives.push(pattern.slice(group.current, i));
            const q = quantifierAt(i + 1);
            const part = pattern.slice(group.start, i + 1 + (q?.length ?? 0));
            if (q?.unbounded && group.unbounded) return part;
            if (q?.unbounded && overlapping(group.alternatives)) return part;
            const parent = stack[stack.length - 1];
            if (group.unbounded || q?.unbounded) parent.unbounded = true;
            i += 1 + (q?.length ?? 0);
            continue;
        }
        const q = quantifierAt(i + 1);
        if (q) { if (q.unbounded) top.unbounded = true; i += 1 + q.length; continue; }
        i++;
    }
    return undefined;
}

/** Two unquantified alternatives of which one is a prefix of the other (`a|ab`, `\\d|\\d\\d`): both can match the same start. */
function overlapping(alternatives: string[]): boolean {
    if (alternatives.length < 2) return false;
    const literal = alternatives.filter(a => !/[(){}*+?]/.test(a));
    for (let x = 0; x < literal.length; x++) {
        for (let y = 0; y < literal.length; y++) {
            if (x !== y && literal[y].startsWith(literal[x])) return true;
        }
    }
    return false;
}
