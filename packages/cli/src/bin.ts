// The bundled entry of the `mds` command (see esbuild.mjs). The polyfill must load first.
import '@mds/language';
import { main } from './main.js';

// A reader that stops early (`mds check | head -1`) closes the pipe: end quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw e;
    });
}

main(process.argv.slice(2)).then(code => { process.exitCode = code; });
