// Prints vitest's JSON results as the plain closing line CI reads: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(new URL('../.vitest-results.json', import.meta.url), 'utf8'));
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${results.numPendingTests ? `, ${results.numPendingTests} skipped` : ''}`);
if (results.numTotalTests === 0 || results.numFailedTests > 0) process.exit(1);
