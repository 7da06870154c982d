#!/usr/bin/env node
// `mds` — 闵行区数据标准工具链. The CLI is bundled into dist/mds.cjs by `npm run build` and run from
// V8's code cache the build writes beside it (bundle-script.js).
import { fileURLToPath } from 'node:url';
import { runBundle } from './bundle-script.js';

runBundle(fileURLToPath(new URL('../dist/mds.cjs', import.meta.url)), process.env.MDS_WRITE_CODE_CACHE);
