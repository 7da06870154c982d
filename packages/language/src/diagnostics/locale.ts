import type { Locale } from './messages.js';

/**
 * The message language: `MDS_LOCALE`, then `LC_ALL`, `LC_MESSAGES`, `LANG`. `en*` selects
 * English; anything else, including an unset or `C`/`POSIX` environment, selects Chinese,
 * the committee's language.
 */
export function resolveLocale(explicit?: string, env: Record<string, string | undefined> = {}): Locale {
    const value = explicit ?? env.MDS_LOCALE ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
    return /^en/i.test(value) ? 'en' : 'zh';
}

export function parseLocale(value: string): Locale | undefined {
    if (/^zh/i.test(value)) return 'zh';
    if (/^en/i.test(value)) return 'en';
    return undefined;
}
