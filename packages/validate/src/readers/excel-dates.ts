/** The serial of 9999-12-31, Excel's last day: a larger number is no date (and Date could not write it). */
const LAST_SERIAL = 2958465;

/** Excel's day serial (1900 date system) as `YYYY-MM-DD`. */
export function excelDate(serial: number): string | undefined {
    if (!Number.isFinite(serial) || serial < 1 || serial >= LAST_SERIAL + 1) return undefined;
    const ms = Math.round((serial - 25569) * 86400000);
    return new Date(ms).toISOString().slice(0, 10);
}

/** Excel's serial with a time part as RFC 3339 in UTC+08:00 (workbooks carry no zone; China Standard Time assumed). */
export function excelDateTime(serial: number): string | undefined {
    if (!Number.isFinite(serial) || serial < 1 || serial >= LAST_SERIAL + 1) return undefined;
    const ms = Math.round((serial - 25569) * 86400000);
    return new Date(ms).toISOString().slice(0, 19) + '+08:00';
}
