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

/**
 * A row's timestamp in ms as Date.parse reads it (a date alone: midnight in UTC+08:00). The
 * common RFC 3339 forms — YYYY-MM-DDTHH:MM:SS with Z or ±HH:MM, or a date — are computed
 * directly (Date.parse is most of the cost of timeliness); anything else goes to Date.parse.
 */
export function timestampOf(s: string): number {
    const n = s.length;
    if ((n === 10 || n === 20 || n === 25) && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
        const y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
        if (y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(y, mo)) {
            const day = daysFromCivil(y, mo, d) * 86400_000;
            if (n === 10) return day - 8 * 3600_000;
            if (s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58) {
                const h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
                if (h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59) {
                    const at = day + ((h * 60 + mi) * 60 + se) * 1000;
                    const z = s.charCodeAt(19);
                    if (n === 20 && z === 90) return at;
                    if (n === 25 && (z === 43 || z === 45) && s.charCodeAt(22) === 58) {
                        const oh = digits(s, 20, 2), om = digits(s, 23, 2);
                        if (oh >= 0 && oh <= 23 && om >= 0 && om <= 59) return at - (z === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
                    }
                }
            }
        }
    }
    return Date.parse(n === 10 ? s + 'T00:00:00+08:00' : s);
}

/** The number written by `count` ASCII digits at i, or -1. */
function digits(s: string, i: number, count: number): number {
    let v = 0;
    for (let k = i; k < i + count; k++) {
        const c = s.charCodeAt(k) - 48;
        if (c < 0 || c > 9) return -1;
        v = v * 10 + c;
    }
    return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil): Date.UTC without the call. */
function daysFromCivil(y: number, m: number, d: number): number {
    const yy = m <= 2 ? y - 1 : y;
    const era = Math.floor(yy / 400);
    const yoe = yy - era * 400;
    const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function daysIn(y: number, m: number): number {
    return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
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
        const t = typeof value === 'string' ? timestampOf(value) : NaN;
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
