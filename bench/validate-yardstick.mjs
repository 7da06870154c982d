// Issue 9's yardstick, on this machine: reading a JSONL file line by line, JSON.parse and ajv
// (draft 2020-12, ajv-formats, the generated package's check-character formats) — "about 181k
// records/s" on the machine the targets were written for. Run as its own process and timed the
// same way as `mds validate` in validate-bench.mjs (process start included), so the ratio of the
// two says how fast this machine is against that one, whatever its speed today.
// Usage: node bench/validate-yardstick.mjs <schema-dir> <package-index.js> <record-schema-$id> <file.jsonl>
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const [schemaDir, packageIndex, id, file] = process.argv.slice(2);
const { ajvFormats } = await import(packageIndex);
// As tests/generators/helpers.ts: multipleOfPrecision keeps `multipleOf: 0.01` from refusing 87.3.
const ajv = new Ajv2020Module.default({ allErrors: true, strict: false, logger: false, multipleOfPrecision: 6 });
addFormatsModule.default(ajv);
for (const [name, check] of Object.entries(ajvFormats)) ajv.addFormat(name, check);
for (const f of readdirSync(schemaDir)) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, f), 'utf8')));
const validate = ajv.getSchema(id);
let rows = 0, invalid = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    rows++;
    let value;
    try {
        value = JSON.parse(line);
    } catch {
        invalid++;
        continue;
    }
    if (!validate(value)) invalid++;
}
console.log(JSON.stringify({ rows, invalid }));
