import { EmptyFileSystem, createLangiumParser, type LangiumParser } from 'langium';
import { expect, test } from 'vitest';
import { createMdsCoreServices } from '@mds/language';
import { CountingErrorMessageProvider, guardParser } from '../../packages/language/src/parser/guarded-parser.js';
import { FastMdsParser } from '../../packages/language/src/parser/fast-parser.js';

test("Langium's parser is built only when a text needs it (a broken one), once", () => {
    const { Mds } = createMdsCoreServices(EmptyFileSystem);
    let built = 0;
    const parser = guardParser(() => { built++; return createLangiumParser(Mds); }, new CountingErrorMessageProvider(), new FastMdsParser(Mds));
    const good = parser.parse('namespace a.b\nversion "1.0.0"\nelement X "甲" : string\n');
    expect(good.parserErrors).toEqual([]);
    expect(built).toBe(0);
    const broken = parser.parse('namespace a.b\nversion "1.0.0"\nelement X "甲" : string {\n');
    expect(broken.parserErrors.length).toBeGreaterThan(0);
    expect(built).toBe(1);
    parser.parse('namespace a.b\nelement {\n');
    expect(built).toBe(1);
    // Anything but parse() is Langium's parser's own.
    expect(typeof (parser as LangiumParser & { finalize: unknown }).finalize).toBe('function');
});
