/** GB18030 bytes of a string (Node has no GB18030 encoder: iconv's table for the few characters used). */
export class TextEncoderGb {
    encode(s: string): Uint8Array {
        const table: Record<string, number[]> = { 公: [0xb9, 0xab], 民: [0xc3, 0xf1], 身: [0xc9, 0xed], 份: [0xb7, 0xdd], 号: [0xba, 0xc5], 码: [0xc2, 0xeb], 名: [0xc3, 0xfb], 称: [0xb3, 0xc6], 张: [0xd5, 0xc5], 三: [0xc8, 0xfd] };
        const out: number[] = [];
        for (const ch of s) out.push(...(table[ch] ?? [ch.charCodeAt(0)]));
        return Uint8Array.from(out);
    }
}
