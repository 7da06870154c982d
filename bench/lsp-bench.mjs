#!/usr/bin/env node
// Language-server benchmark on the synthetic corpus (default N=10,000): time from `initialize` to
// diagnostics for every file, p50/p95 of completion, hover and definition, one-character edit to
// new diagnostics (a comment or definition, and a field's name), and the server's peak RSS.
// Targets: p95 < 50 ms, edit < 300 ms, RSS < 600 MB.
// With --shape: the model of issue 15 (bench/shape-corpus.mjs: N records and N elements over 100
// files, one namespace each, every file importing most others); target there: completion p95 <
// 30 ms, edit → diagnostics < 300 ms.
// Usage: node bench/lsp-bench.mjs [N] [--shape]   (MDS_BENCH_TIMES=1: every request time on stderr)
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CompletionRequest, createProtocolConnection, DefinitionRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
    ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest,
    StreamMessageReader, StreamMessageWriter
} from 'vscode-languageserver-protocol/node';
import { generateCorpus } from './generate-corpus.mjs';
import { writeShape } from './shape-corpus.mjs';

const root = join(import.meta.dirname, '..');
const shape = process.argv.includes('--shape');
const n = Number(process.argv.slice(2).find(a => /^\d+$/.test(a)) ?? 10000);
const dir = shape ? writeShape(n, join(root, 'bench/.corpus', `shape-${n}`)).mds : join(root, 'bench/.corpus', `n${n}`);
if (!shape) generateCorpus(n, dir);
const files = readdirSync(dir).filter(f => f.endsWith('.mds'));

const server = spawn(process.execPath, [...(process.env.MDS_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.MDS_BENCH_CPU_PROF] : []), join(root, 'extension/out/server.cjs'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
const published = new Map();
let onPublish = () => {};
conn.onNotification(PublishDiagnosticsNotification.type, p => { published.set(p.uri, p); onPublish(p); });
conn.listen();

const start = performance.now();
await conn.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(dir).href, capabilities: {}, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }] });
await conn.sendNotification(InitializedNotification.type, {});
await new Promise(resolve => { onPublish = () => { if (published.size >= files.length) resolve(); }; });
const firstDiagnostics = performance.now() - start;

// The middle file (f0050.mds of 101 at N = 10,000; any N works).
const file = shape ? 'shape.n050.mds' : files.slice().sort()[Math.floor(files.length / 2)];
const uri = pathToFileURL(join(dir, file)).href;
let text = readFileSync(join(dir, file), 'utf8');
// Opening the file rebuilds it and then, in the background, every file that depends on it (their
// diagnostics are published again): the requests below start after a second without any, on an idle server.
let lastPublish = performance.now();
onPublish = () => { lastPublish = performance.now(); };
await conn.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'mds', version: 1, text } });
for (const begin = performance.now(); performance.now() - lastPublish < 1000 && performance.now() - begin < 30_000;) await new Promise(resolve => setTimeout(resolve, 50));
const lines = text.split('\n');
const fieldLines = lines.map((l, i) => [l, i]).filter(([l]) => /^\s+(key )?f\d+\??: E/.test(l));

async function timed(request, paramsFor, count = 100) {
    const times = [];
    for (let i = 0; i < count; i++) {
        const [line, index] = fieldLines[(i * 7) % fieldLines.length];
        const character = line.indexOf(': ') + 3;
        const t = performance.now();
        await conn.sendRequest(request, paramsFor({ line: index, character }));
        times.push(performance.now() - t);
    }
    if (process.env.MDS_BENCH_TIMES) console.error(request.method, times.map(t => t.toFixed(0)).join(' '));
    times.sort((a, b) => a - b);
    return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)] };
}
const position = p => ({ textDocument: { uri }, position: p });
const completion = await timed(CompletionRequest.type, position, 50);
const hover = await timed(HoverRequest.type, position);
const definition = await timed(DefinitionRequest.type, position);

/** Sends the texts one by one, each after the last one's diagnostics arrived: the times, sorted. */
async function editSeries(texts, firstVersion) {
    const times = [];
    for (const [i, next] of texts.entries()) {
        text = next;
        const t = performance.now();
        const done = new Promise(resolve => { onPublish = p => { if (p.uri === uri) resolve(); }; });
        await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: firstVersion + i }, contentChanges: [{ text }] });
        await done;
        times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
}

// One-character edits: insert a character in a definition string (a comment with --shape), time until new diagnostics arrive.
const original = text;
let edited = text; // each edit of the synthetic corpus applies to the text the one before left
const editTimes = await editSeries(Array.from({ length: 10 }, (_, i) => {
    const v = i + 2;
    return edited = shape ? (v % 2 ? original + '// edit\n' : original) : edited.replace('的定义"', v % 2 ? '的定义。"' : '的定义"').replace('的定义。。"', '的定义"');
}), 2);

// Renaming a field (one character) changes what rule 5 (effective governance) depends on: every
// record's governance is computed again, where the edits above keep it.
const renamed = (() => {
    const all = original.split('\n');
    const [line, index] = fieldLines[0];
    all[index] = line.replace(/(f\d+)/, '$1x');
    return all.join('\n');
})();
const renameTimes = await editSeries(Array.from({ length: 10 }, (_, i) => i % 2 ? original : renamed), 22);

// Typing then completing: an edit followed at once by a completion request (the request waits for the rebuild).
const typedTimes = [];
for (let v = 32; v < 42; v++) {
    text = shape ? (v % 2 ? original + '// edit\n' : original) : text.replace('的定义"', v % 2 ? '的定义。"' : '的定义"').replace('的定义。。"', '的定义"');
    const [line, index] = fieldLines[(v * 7) % fieldLines.length];
    const t = performance.now();
    await conn.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: v }, contentChanges: [{ text }] });
    await conn.sendRequest(CompletionRequest.type, position({ line: index, character: line.indexOf(': ') + 3 }));
    typedTimes.push(performance.now() - t);
}
typedTimes.sort((a, b) => a - b);
const rss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];

await conn.sendRequest(ShutdownRequest.type);
await conn.sendNotification(ExitNotification.type);
conn.dispose();

const ms = x => `${x.toFixed(1)} ms`;
console.log(`| N=${n}${shape ? ' (issue 15 shape)' : ''}, ${files.length} files | value |`);
console.log('|---|---:|');
console.log(`| initialize → diagnostics for all files | ${ms(firstDiagnostics)} |`);
console.log(`| completion p50 / p95 | ${ms(completion.p50)} / ${ms(completion.p95)} |`);
console.log(`| hover p50 / p95 | ${ms(hover.p50)} / ${ms(hover.p95)} |`);
console.log(`| definition p50 / p95 | ${ms(definition.p50)} / ${ms(definition.p95)} |`);
console.log(`| one-character edit → diagnostics, median / max of 10 | ${ms(editTimes[5])} / ${ms(editTimes[9])} |`);
console.log(`| field renamed (one character) → diagnostics, median / max of 10 | ${ms(renameTimes[5])} / ${ms(renameTimes[9])} |`);
console.log(`| edit → completion at once, median / max of 10 | ${ms(typedTimes[5])} / ${ms(typedTimes[9])} |`);
console.log(`| server peak RSS | ${rss ? (Number(rss) / 1024).toFixed(0) + ' MB' : 'n/a'} |`);
