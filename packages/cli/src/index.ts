export { main, createProgram, VERSION } from './main.js';
export type { Output } from './output.js';
