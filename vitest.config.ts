import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
    resolve: {
        // Unit tests run against the sources; process-level tests run the built `mds` bundle.
        alias: {
            '@mds/language': src('./packages/language/src/index.ts')
        }
    },
    test: {
        include: ['tests/**/*.test.ts'],
        setupFiles: ['./scripts/node20-polyfill.mjs'],
        testTimeout: 60_000,
        hookTimeout: 120_000
    }
});
