// The bundled entry of the `mds` command (see esbuild.mjs). The polyfill must load first.
import '@mds/language';
import { main } from './main.js';

main(process.argv.slice(2)).then(code => { process.exitCode = code; });
