export { MdsServer, type ServeOptions } from './server.js';
export { serveContent, type ServeContent } from './content.js';
export { parseSize } from './http.js';
export type { BuildError } from './live.js';
