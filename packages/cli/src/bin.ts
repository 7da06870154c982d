// The bundled entry of the `mds` command (see esbuild.mjs). The polyfill must load first.
import '@mds/language';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { main } from './main.js';
import { loadSideTask } from './commands/diff.js';

if (!isMainThread && workerData?.task === 'mds-load-side') {
    // A worker of `mds diff`: check one side, send its model back.
    void loadSideTask(workerData, m => parentPort!.postMessage(m));
} else {
    // A reader that stops early (`mds check | head -1`) closes the pipe: end quietly, as Unix tools do.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', (e: NodeJS.ErrnoException) => {
            if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
            throw e;
        });
    }
    main(process.argv.slice(2)).then(code => { process.exitCode = code; });
}
