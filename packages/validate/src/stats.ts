import { hashInto, hashValueInto, lastHash, numberHashInto } from './hash.js';

/** Exact distinct counting up to this many values per field; an estimate (HyperLogLog) beyond. */
export const EXACT_DISTINCT = 100_000;
const TOP_INVALID_KEPT = 1_000;
/** Hashes a distinct counter collects before adding them to its table in one run. */
const PENDING = 512;

/** HyperLogLog with 2^12 registers (about 1.6 % standard error). */
class HyperLogLog {
    constructor(readonly registers = new Uint8Array(4096)) {}

    merge(registers: Uint8Array): void {
        for (let i = 0; i < registers.length; i++) if (registers[i] > this.registers[i]) this.registers[i] = registers[i];
    }

    addHash(a: number, b: number): void {
        const index = a >>> 20;
        const rest = ((a << 12) | (b >>> 20)) >>> 0;
        const rank = rest === 0 ? 33 : Math.clz32(rest) + 1;
        if (rank > this.registers[index]) this.registers[index] = rank;
    }

    estimate(): number {
        const m = this.registers.length;
        let sum = 0, zeros = 0;
        for (const r of this.registers) { sum += 2 ** -r; if (r === 0) zeros++; }
        const raw = (0.7213 / (1 + 1.079 / m)) * m * m / sum;
        return Math.round(raw <= 2.5 * m && zeros ? m * Math.log(m / zeros) : raw);
    }
}

/**
 * Distinct values: counted exactly (by 64-bit hash, in a typed table) up to EXACT_DISTINCT, and
 * estimated by HyperLogLog from the same hashes beyond, marked as an estimate.
 */
export class DistinctCounter {
    private table: HashSet64 | undefined = new HashSet64();
    private hll: HyperLogLog | undefined;

    add(value: string): void {
        hashInto(value);
        this.addHash(lastHash.a, lastHash.b);
    }

    /** Any other value (a nested record, a list, a boolean), hashed by its structure. */
    addValue(value: unknown): void {
        hashValueInto(value);
        this.addHash(lastHash.a, lastHash.b);
    }

    /** A number, hashed by its bits (no text made): 1 and "1" are two values, as in JSON. */
    addNumber(value: number): void {
        numberHashInto(value);
        this.addHash(lastHash.a, lastHash.b);
    }

    /**
     * Hashes waiting to be added, in arrival order. Between two values of a field, a row's work
     * pushes the field's table (up to 2 MB) out of the cache, so each add waited for memory; added
     * in runs of 512, the lookups overlap (the bench record, one thread: 4.25–4.87 → 3.99–4.12 µs
     * a row; the same adds replayed alone take 10–20 ns each).
     */
    private readonly pending = new Uint32Array(PENDING * 2);
    private pendingLength = 0;

    /** A value by its hash (hash.ts: valueHashInto). */
    addHash(a: number, b: number): void {
        const n = this.pendingLength;
        this.pending[n] = a;
        this.pending[n + 1] = b;
        if ((this.pendingLength = n + 2) === PENDING * 2) this.flush();
    }

    private flush(): void {
        const pending = this.pending, n = this.pendingLength;
        this.pendingLength = 0;
        let j = 0;
        for (const table = this.table; table && j < n; j += 2) {
            if (table.add(pending[j], pending[j + 1]) > EXACT_DISTINCT) { j += 2; this.estimate(); break; }
        }
        for (const hll = this.hll; hll && j < n; j += 2) hll.addHash(pending[j], pending[j + 1]);
    }

    /** Too many to count exactly: carry every hash seen into the estimator. */
    private estimate(): void {
        this.hll = new HyperLogLog();
        this.table!.forEach((x, y) => this.hll!.addHash(x, y));
        this.table = undefined;
    }

    result(): { distinct: number; estimated: boolean } {
        this.flush();
        return this.table ? { distinct: this.table.size, estimated: false } : { distinct: this.hll!.estimate(), estimated: true };
    }

    /** What a worker thread sends for merging: the hashes, or the estimator's registers. */
    state(): DistinctState {
        this.flush();
        return this.table ? { hashes: this.table.hashes() } : { registers: this.hll!.registers };
    }

    /** Adds the values another counter saw (the union: exact while it stays within EXACT_DISTINCT). */
    merge(other: DistinctState): void {
        this.flush();
        if ('hashes' in other) {
            for (let j = 0; j < other.hashes.length; j += 2) this.addHash(other.hashes[j], other.hashes[j + 1]);
            this.flush();
            return;
        }
        if (this.table) this.estimate();
        this.hll!.merge(other.registers);
    }
}

export type DistinctState = { hashes: Uint32Array } | { registers: Uint8Array };

/** A set of 64-bit hashes (two 32-bit halves) in one typed array: 16 bytes per value at most, no strings kept. */
export class HashSet64 {
    size = 0;
    private capacity = 1 << 10;
    private slots = new Uint32Array(this.capacity * 2);

    /** Adds a hash; returns the size. */
    add(a: number, b: number): number {
        if (this.size * 2 >= this.capacity) this.grow();
        const lo = a || 1, mask = this.capacity - 1;
        for (let i = b & mask; ; i = (i + 1) & mask) {
            const h = this.slots[i * 2];
            if (h === 0) { this.slots[i * 2] = lo; this.slots[i * 2 + 1] = b; return ++this.size; }
            if (h === lo && this.slots[i * 2 + 1] === b) return this.size;
        }
    }

    /** The hashes as pairs (a, b), packed. */
    hashes(): Uint32Array {
        const out = new Uint32Array(this.size * 2);
        let k = 0;
        this.forEach((a, b) => { out[k++] = a; out[k++] = b; });
        return out;
    }

    forEach(f: (a: number, b: number) => void): void {
        for (let j = 0; j < this.slots.length; j += 2) if (this.slots[j] !== 0) f(this.slots[j], this.slots[j + 1]);
    }

    private grow(): void {
        const old = this.slots;
        this.capacity *= 2;
        this.slots = new Uint32Array(this.capacity * 2);
        const mask = this.capacity - 1;
        for (let j = 0; j < old.length; j += 2) {
            if (old[j] === 0) continue;
            let i = old[j + 1] & mask;
            while (this.slots[i * 2] !== 0) i = (i + 1) & mask;
            this.slots[i * 2] = old[j];
            this.slots[i * 2 + 1] = old[j + 1];
        }
    }
}

/** Per field: completeness, validity, distinct values, the most frequent invalid values. */
export class FieldStats {
    present = 0;
    invalid = 0;
    /** Text or code cells that were numbers Excel may have cut short (cells.ts: lossyNumber). */
    lossyNumbers = 0;
    readonly distinct = new DistinctCounter();
    private readonly invalidValues = new Map<string, number>();

    addInvalid(value: string, count = 1): void {
        this.invalid += count;
        const n = this.invalidValues.get(value);
        if (n !== undefined) this.invalidValues.set(value, n + count);
        else if (this.invalidValues.size < TOP_INVALID_KEPT) this.invalidValues.set(detached(value), count);
    }

    topInvalid(n = 5): Array<{ value: string; count: number }> {
        return [...this.invalidValues].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([value, count]) => ({ value, count }));
    }

    state(): FieldStatsState {
        return { present: this.present, invalid: this.invalid, lossyNumbers: this.lossyNumbers, distinct: this.distinct.state(), invalidValues: [...this.invalidValues] };
    }

    merge(other: FieldStatsState): void {
        this.present += other.present;
        this.lossyNumbers += other.lossyNumbers;
        const counted = other.invalidValues.reduce((sum, [, n]) => sum + n, 0);
        for (const [value, n] of other.invalidValues) this.addInvalid(value, n);
        this.invalid += other.invalid - counted; // invalid values beyond the kept ones still count
        this.distinct.merge(other.distinct);
    }
}

/** A FieldStats as a worker thread sends it (structured-clonable). */
export interface FieldStatsState {
    present: number;
    invalid: number;
    lossyNumbers: number;
    distinct: DistinctState;
    invalidValues: Array<[string, number]>;
}

/**
 * The highest share of a KeyIndex's slots in use before it grows. Linear probing near 92 % full
 * takes long probes only for the last keys: filling a table up to it costs ~7 probes a key on
 * average (½(1 + 1/(1 − α)) over the fill); 8 M rows were as fast as at 80 %, with 13 MB less.
 */
const KEY_LOAD = 0.92;

/**
 * Key uniqueness over a whole input in bounded memory: an open-addressing table of 64-bit key
 * hashes with the line of their first row, three 32-bit words a slot side by side (a probe reads
 * one cache line), at most 92 % full. It grows by half (not by doubling) and can be sized once
 * from an estimate (`reserve`), so a table of 8 M keys takes 106 MB rather than the 192 MB, plus
 * 96 MB while copying, of a power-of-two table at 75 %. Two different keys with one 64-bit hash
 * would be taken for a duplicate: about 1 in 10^7 for 10^6 keys.
 */
export class KeyIndex {
    private capacity = 1 << 16;
    private size = 0;
    private slots = new Uint32Array(this.capacity * 3);
    /** capacity / 2^32: a hash word times this is its home slot (any capacity, not only powers of two). */
    private scale = this.capacity / 4294967296;

    /** Records a key; returns the line of its first occurrence when it was seen before. */
    add(key: string, line: number): number | undefined {
        hashInto(key);
        return this.addHash(lastHash.a, lastHash.b, line);
    }

    /** Makes room for this many keys in all, at once (one copy instead of several growths). */
    reserve(keys: number): void {
        const capacity = Math.ceil(keys / KEY_LOAD) + 1;
        if (capacity > this.capacity) this.resize(capacity);
    }

    /** As add(), for a key hashed elsewhere (by keyHash, in a worker thread). */
    addHash(a: number, b: number, line: number): number | undefined {
        if (this.size >= this.capacity * KEY_LOAD) this.resize(Math.ceil(this.capacity * 1.5));
        const lo = (a >>> 0) || 1; // 0 marks an empty slot
        const slots = this.slots, capacity = this.capacity;
        for (let i = Math.floor((b >>> 0) * this.scale); ; i = i + 1 === capacity ? 0 : i + 1) {
            const h = slots[i * 3];
            if (h === 0) {
                slots[i * 3] = lo;
                slots[i * 3 + 1] = b;
                slots[i * 3 + 2] = line;
                this.size++;
                return undefined;
            }
            if (h === lo && slots[i * 3 + 1] === b >>> 0) return slots[i * 3 + 2];
        }
    }

    private resize(capacity: number): void {
        const old = this.slots;
        this.capacity = capacity;
        this.scale = capacity / 4294967296;
        const slots = this.slots = new Uint32Array(capacity * 3);
        for (let j = 0; j < old.length; j += 3) {
            if (old[j] === 0) continue;
            let i = Math.floor(old[j + 1] * this.scale);
            while (slots[i * 3] !== 0) i = i + 1 === capacity ? 0 : i + 1;
            slots[i * 3] = old[j];
            slots[i * 3 + 1] = old[j + 1];
            slots[i * 3 + 2] = old[j + 2];
        }
    }
}

/**
 * A copy of a string that does not keep alive the text it was cut from: a cell is a slice of
 * its chunk (megabytes), and a value kept for the report must not hold the chunk.
 */
export function detached(s: string): string {
    return s.length < 13 ? s : (' ' + s).slice(1);
}
