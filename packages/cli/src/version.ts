/** The version of the MDS toolchain (the CLI and its generators). */
export const VERSION = '0.1.0';
