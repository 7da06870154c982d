// 64-bit hashes of row values, for distinct counting and key uniqueness: a string by its text, a
// number by its bits, a list or a record by the hashes of what it holds. Only equality within one
// run matters (worker threads and the main thread run this same code); nothing is stored.

/** The two halves of the last hash computed (no array allocated in the hot path). */
export const lastHash = { a: 0, b: 0 };

const SEED_A = 0x811c9dc5, SEED_B = 0xcbf29ce4;

/**
 * 64-bit FNV-1a-like hash of a string into lastHash, two UTF-16 units a step (half the
 * multiplications: hashing is most of the cost of distinct counting); the length seeds it, so
 * "a" and "a\0" differ.
 */
export function hashInto(s: string): void {
    const n = s.length;
    let a = Math.imul(SEED_A ^ (n << 8), 0x01000193), b = Math.imul(SEED_B ^ (n << 8), 0x0100019d) ^ (a >>> 15);
    let i = 0;
    for (; i + 1 < n; i += 2) {
        const c = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x0100019d) ^ (a >>> 15);
    }
    if (i < n) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x0100019d) ^ (a >>> 15);
    }
    finish(a, b);
}

/** Mixes the two running halves into lastHash (FNV's top bits alone are poorly spread for short strings: the estimator indexes by them). */
function finish(h1: number, h2: number): void {
    const a = fmix32(h1 ^ Math.imul(h2, 0x9e3779b1));
    lastHash.a = a;
    lastHash.b = fmix32(h2 ^ Math.imul(a, 0x85ebca6b));
}

/** MurmurHash3's 32-bit finalizer: each input bit flips each output bit with probability ~1/2. */
function fmix32(h: number): number {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
}

const NUMBER_BITS = new Float64Array(1);
const WORDS = new Uint32Array(NUMBER_BITS.buffer);

/** A number's hash into lastHash, from its bits (no text made): 1 and "1" are two values, as in JSON. */
export function numberHashInto(v: number): void {
    NUMBER_BITS[0] = v;
    // Every bit of both words reaches both halves (the estimator indexes by the first half's
    // top bits: small integers, whose low word is 0, must spread over all registers).
    const a = fmix32(WORDS[0] ^ Math.imul(WORDS[1], 0x9e3779b1) ^ 0x6e756d);
    lastHash.a = a;
    lastHash.b = fmix32(WORDS[1] ^ Math.imul(a, 0x85ebca6b));
}

/**
 * Any value's hash into lastHash: a string's (hashInto), a number's (numberHashInto), or, for a
 * list, a record and the rest, the structural hash (hashValueInto).
 */
export function valueHashInto(v: unknown): void {
    if (typeof v === 'string') hashInto(v);
    else if (typeof v === 'number') numberHashInto(v);
    else hashValueInto(v);
}

/** Nesting below which the structural hash recurses; deeper values are walked with a stack of their own. */
let recursionDepth = 256;

/** For tests: how deep the structural hash recurses before it walks with its own stack (both give one hash). */
export function setRecursionDepth(depth: number): void {
    recursionDepth = depth;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The chain of the list or record being hashed (each one saves its caller's and gives it back). */
let ca = 0, cb = 0;

function chain(x: number): void {
    ca = Math.imul(ca ^ x, 0x01000193);
    cb = Math.imul(cb ^ x, 0x0100019d) ^ (ca >>> 15);
}

/** Chains lastHash (a key's or a value's hash). */
function chainLast(): void {
    chain(lastHash.a);
    chain(lastHash.b);
}

/** Starts the chain of a list (with its length) or a record. */
function open(v: object): void {
    ca = SEED_A;
    cb = SEED_B;
    if (Array.isArray(v)) {
        chain(0x5b);
        chain(v.length);
    } else {
        chain(0x7b);
    }
}

/**
 * The structural hash of a JSON value into lastHash — equal where JSON.stringify is equal, without
 * making that text: a list chains the hashes of its items (a missing item counts as null), a record
 * those of its keys and values in their order (keys without a value left out), each item and value
 * hashed as valueHashInto hashes it. So a record's hash can also be put together from its fields'
 * hashes where they are known already (hashRecordInto).
 */
export function hashValueInto(v: unknown): void {
    hashAt(v, 0);
}

function hashAt(v: unknown, depth: number): void {
    if (typeof v === 'string') return hashInto(v);
    if (typeof v === 'number') return numberHashInto(v);
    if (v === null || typeof v !== 'object') return scalarHashInto(v);
    if (depth >= recursionDepth) return deepHashInto(v);
    const outerA = ca, outerB = cb;
    open(v);
    if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
            hashAt(v[i], depth + 1); // gives the chain back as it found it
            chainLast();
        }
    } else {
        for (const k in v) {
            const x = (v as Record<string, unknown>)[k];
            if (x === undefined || !hasOwn.call(v, k)) continue;
            hashInto(k);
            chainLast();
            hashAt(x, depth + 1);
            chainLast();
        }
    }
    finish(ca, cb);
    ca = outerA; cb = outerB;
}

/** true, false, null (and what JSON.stringify writes as null in a list: undefined, functions). */
function scalarHashInto(v: unknown): void {
    const tag = v === true ? 0x74 : v === false ? 0x66 : 0x6c;
    finish(Math.imul(SEED_A ^ tag, 0x01000193), Math.imul(SEED_B ^ tag, 0x0100019d));
}

/** A list or record being hashed by deepHashInto: its chain so far and what is left of it. */
interface Frame {
    a: number;
    b: number;
    /** A list's items, or a record's values (of the keys with a value). */
    items: unknown[];
    keys?: string[];
    next: number;
}

/**
 * hashAt for a value nested too deeply to recurse into (a JSON line of 100,000 brackets
 * overflowed the stack): the same hash, with a stack of frames of its own.
 */
function deepHashInto(root: object): void {
    const outerA = ca, outerB = cb;
    const stack: Frame[] = [];
    const push = (v: object): void => {
        open(v);
        if (Array.isArray(v)) {
            stack.push({ a: ca, b: cb, items: v, next: 0 });
            return;
        }
        const keys: string[] = [], items: unknown[] = [];
        for (const k in v) {
            const x = (v as Record<string, unknown>)[k];
            if (x !== undefined && hasOwn.call(v, k)) { keys.push(k); items.push(x); }
        }
        stack.push({ a: ca, b: cb, items, keys, next: 0 });
    };
    /** Chains lastHash into the frame on top. */
    const chainTop = (): void => {
        const f = stack[stack.length - 1];
        ca = f.a; cb = f.b;
        chainLast();
        f.a = ca; f.b = cb;
    };
    push(root);
    for (;;) {
        const f = stack[stack.length - 1];
        if (f.next === f.items.length) {
            finish(f.a, f.b);
            stack.pop();
            if (!stack.length) break;
            chainTop();
            continue;
        }
        const i = f.next++;
        if (f.keys) {
            hashInto(f.keys[i]);
            chainTop();
        }
        const x = f.items[i];
        if (x !== null && typeof x === 'object') {
            push(x);
            continue;
        }
        hashAt(x, 0); // a scalar
        chainTop();
    }
    ca = outerA; cb = outerB;
}

/**
 * The fields of a record whose hashes are known already, for hashRecordInto: their names, their
 * names' hashes, and per row which fields have a hash (`known`) and the hashes.
 */
export class KnownFields {
    readonly nameHashes: Uint32Array;
    readonly known: Uint8Array;
    readonly hashes: Uint32Array;

    constructor(readonly names: string[]) {
        this.nameHashes = new Uint32Array(names.length * 2);
        names.forEach((name, j) => {
            hashInto(name);
            this.nameHashes[j * 2] = lastHash.a;
            this.nameHashes[j * 2 + 1] = lastHash.b;
        });
        this.known = new Uint8Array(names.length);
        this.hashes = new Uint32Array(names.length * 2);
    }

    /** Field j has the value whose hash is in lastHash. */
    set(j: number): void {
        this.known[j] = 1;
        this.hashes[j * 2] = lastHash.a;
        this.hashes[j * 2 + 1] = lastHash.b;
    }
}

/**
 * hashValueInto of a record whose fields were hashed already (the per-field measuring hashes each
 * field of a nested record before the record): its keys in their order, each value's hash taken
 * from `fields` where known, computed otherwise (a key the record does not declare). The same
 * hash as hashValueInto's, for a fraction of the work (the bench's address: ~360 → ~60 ns).
 */
export function hashRecordInto(v: unknown, fields: KnownFields): void {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return hashValueInto(v);
    const { names, nameHashes, known, hashes } = fields;
    const outerA = ca, outerB = cb;
    open(v);
    for (const k in v) {
        const x = (v as Record<string, unknown>)[k];
        if (x === undefined || !hasOwn.call(v, k)) continue;
        const j = names.indexOf(k);
        if (j !== -1 && known[j] === 1) {
            chain(nameHashes[j * 2]); chain(nameHashes[j * 2 + 1]);
            chain(hashes[j * 2]); chain(hashes[j * 2 + 1]);
            continue;
        }
        hashInto(k);
        chainLast();
        hashAt(x, 1);
        chainLast();
    }
    finish(ca, cb);
    ca = outerA; cb = outerB;
}
