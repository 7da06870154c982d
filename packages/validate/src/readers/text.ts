import { createReadStream, statSync } from 'node:fs';

export type Encoding = 'utf-8' | 'gb18030';

/** Thrown while reading text that is not valid in the encoding being tried. */
export class EncodingMismatch extends Error {
    constructor(readonly encoding: Encoding, readonly byteOffset: number) {
        super(`not valid ${encoding} near byte ${byteOffset}`);
    }
}

export interface TextSource {
    chunks: AsyncIterable<string>;
    progress(): { read: number; total: number };
}

/**
 * The text of a file, decoded strictly in `encoding` as it streams (a leading UTF-8 byte-order
 * mark is dropped). A byte sequence that is not valid in the encoding throws EncodingMismatch,
 * so the caller can start over in the other encoding.
 */
export function readText(path: string, encoding: Encoding, highWaterMark = 1 << 20): TextSource {
    const total = statSync(path).size;
    let read = 0;
    async function* chunks(): AsyncIterable<string> {
        const decoder = new TextDecoder(encoding, { fatal: true });
        const stream = createReadStream(path, { highWaterMark });
        try {
            for await (const chunk of stream as AsyncIterable<Buffer>) {
                let text: string;
                try {
                    text = decoder.decode(chunk, { stream: true });
                } catch {
                    throw new EncodingMismatch(encoding, read + firstBadOffset(chunk, encoding));
                }
                read += chunk.length;
                if (text) yield text;
            }
            let tail: string;
            try {
                tail = decoder.decode();
            } catch {
                throw new EncodingMismatch(encoding, read);
            }
            if (tail) yield tail;
        } finally {
            stream.destroy();
        }
    }
    return { chunks: chunks(), progress: () => ({ read, total }) };
}

/** Roughly where in a chunk decoding fails (for the message): the first byte a fresh decoder rejects. */
export function firstBadOffset(chunk: Buffer, encoding: Encoding): number {
    let lo = 0, hi = chunk.length;
    while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        try {
            new TextDecoder(encoding, { fatal: true }).decode(chunk.subarray(0, mid), { stream: true });
            lo = mid;
        } catch {
            hi = mid;
        }
    }
    return lo;
}
