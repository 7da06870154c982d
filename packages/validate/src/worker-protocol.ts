import type { ValidatorSources } from '@mds/generators/runtime';
import type { BatchResult, CheckerState, CheckSetup, TableShape } from './checker.js';
import type { Encoding } from './readers/text.js';

/** Messages to a validate worker: once `init`, per file `file`, per chunk `chunk`, at the end `finish`. */
export type ToWorker =
    | { type: 'init'; sources: ValidatorSources; setup: CheckSetup; budget: number }
    | { type: 'file'; id: number; format: 'csv' | 'jsonl'; encoding: Encoding; table?: TableShape }
    | { type: 'chunk'; seq: number; file: number; buffer: ArrayBuffer; length: number; first: boolean }
    | { type: 'finish' };

/** A chunk checked (line and row numbers from 1 within it; its buffer handed back for the next chunk), or the offset of its first byte that is not in the encoding. */
export type ChunkReply = { type: 'chunk'; seq: number } & ({ result: BatchResult; lines: number; buffer: ArrayBuffer } | { badByte: number });

export type FromWorker = ChunkReply | { type: 'state'; state: CheckerState };
