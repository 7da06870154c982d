#!/usr/bin/env node
// `mds` — 闵行区数据标准工具链. The CLI is bundled into dist/mds.mjs by `npm run build`.
import '../dist/mds.mjs';
