import type { Update } from '@mds/language';

/**
 * How old a row's timestamp may be for each update cycle (更新周期) before the row counts as not
 * updated on time (更新不及时), in hours. `irregular` has no bound and is not assessed.
 */
export const ALLOWED_AGE_HOURS: Record<Update, number | undefined> = {
    realtime: 1,
    daily: 24,
    weekly: 7 * 24,
    monthly: 31 * 24,
    quarterly: 92 * 24,
    semiannual: 183 * 24,
    annual: 366 * 24,
    irregular: undefined
};

export interface Timeliness {
    field: string;
    cycle: Update;
    /** The bound for the cycle, in hours. */
    allowedAgeHours: number;
    asOf: string;
    /** Rows with a readable timestamp. */
    checked: number;
    /** Of those, rows older than the bound. */
    stale: number;
    staleShare: number;
    /** Rows whose timestamp is missing or unreadable. */
    unreadable: number;
    oldest?: string;
    newest?: string;
}

export class TimelinessCounter {
    private checked = 0;
    private stale = 0;
    private unreadable = 0;
    private oldest = Infinity;
    private newest = -Infinity;
    private readonly limit: number;

    constructor(readonly field: string, readonly cycle: Update, readonly allowedAgeHours: number, readonly asOf: Date) {
        this.limit = asOf.getTime() - allowedAgeHours * 3600_000;
    }

    add(value: unknown): void {
        const t = typeof value === 'string' ? Date.parse(value.length === 10 ? value + 'T00:00:00+08:00' : value) : NaN;
        if (!Number.isFinite(t)) { this.unreadable++; return; }
        this.checked++;
        if (t < this.limit) this.stale++;
        if (t < this.oldest) this.oldest = t;
        if (t > this.newest) this.newest = t;
    }

    /** The counts, as a worker thread sends them for merging. */
    state(): TimelinessState {
        return { checked: this.checked, stale: this.stale, unreadable: this.unreadable, oldest: this.oldest, newest: this.newest };
    }

    merge(other: TimelinessState): void {
        this.checked += other.checked;
        this.stale += other.stale;
        this.unreadable += other.unreadable;
        this.oldest = Math.min(this.oldest, other.oldest);
        this.newest = Math.max(this.newest, other.newest);
    }

    result(): Timeliness {
        return {
            field: this.field, cycle: this.cycle, allowedAgeHours: this.allowedAgeHours, asOf: this.asOf.toISOString(),
            checked: this.checked, stale: this.stale, staleShare: this.checked ? this.stale / this.checked : 0, unreadable: this.unreadable,
            ...(this.checked ? { oldest: new Date(this.oldest).toISOString(), newest: new Date(this.newest).toISOString() } : {})
        };
    }
}

export interface TimelinessState {
    checked: number;
    stale: number;
    unreadable: number;
    oldest: number;
    newest: number;
}
