/** Where the first invalid UTF-8 sequence starts (byte offset), or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        let n: number, min: number;
        if (b < 0x80) { i++; continue; }
        else if (b >= 0xc2 && b <= 0xdf) { n = 1; min = 0x80; }
        else if (b >= 0xe0 && b <= 0xef) { n = 2; min = 0x800; }
        else if (b >= 0xf0 && b <= 0xf4) { n = 3; min = 0x10000; }
        else return i;
        let cp = b & (0x3f >> n);
        for (let k = 1; k <= n; k++) {
            const c = bytes[i + k];
            if (c === undefined || (c & 0xc0) !== 0x80) return i;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
        i += n + 1;
    }
    return -1;
}

/** 1-based line and column (in characters) of a byte offset in valid-up-to-there UTF-8. */
export function lineColumnAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
    const lines = before.split(/\r\n|\r|\n/);
    return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}
