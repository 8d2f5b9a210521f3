/**
 * `npm run coverage-doc`: writes docs/coverage.md from the OpenAPI document an in-memory
 * app serves. `--check` only compares, exiting 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { servedOpenApi } from './served-openapi.js';
import { renderCoverage } from './coverage.js';

const target = new URL('../../docs/coverage.md', import.meta.url);
const rendered = renderCoverage(await servedOpenApi());
if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== rendered) {
    process.stderr.write('docs/coverage.md is stale: run npm run coverage-doc\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, rendered);
  process.stdout.write('wrote docs/coverage.md\n');
}
