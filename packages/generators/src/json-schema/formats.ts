import type { Format } from '@mds/language';

/**
 * What JSON Schema can say about each format. `gb11643` and `uscc` get their shape as a pattern
 * and a named `format` whose check character a validator verifies once the format is registered
 * (the generated packages export `ajvFormats` for that); the generated runtime validators always do.
 */
export const FORMAT_SCHEMA: Readonly<Record<Format, { format?: string; pattern?: string }>> = {
    'email': { format: 'email' },
    'uri': { format: 'uri' },
    'phone-cn': { pattern: '^1[3-9][0-9]{9}$' },
    'gb11643': { format: 'gb11643', pattern: '^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9X]$' },
    'uscc': { format: 'uscc', pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$' }
};

/** The generators anchor every user pattern: it must match the whole value. */
export function anchor(pattern: string): string {
    return `^(?:${pattern})$`;
}
