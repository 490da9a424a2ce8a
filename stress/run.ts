/**
 * `npm run stress`: every stress part at the bounded size CI runs, or at full size with `--full`; prints each
 * part's figures and its count of failures, and exits 1 when any count is not zero.
 *
 *   npm run stress                  bounded size (CI runs the same through stress/stress.test.ts)
 *   npm run stress -- --full        full size (1,000,000 inputs per part; hours on 2 cores)
 *   npm run stress -- --only language
 *   npm run stress -- --only load --count 100000   one part at a size of its own (reported as "at N", not full size)
 *
 * The language server part runs the built server (dist/lsp/server.mjs): `node build.mjs` first.
 */
import { parseArgs } from 'node:util';
import { printFigures, type Figure } from './figures.js';
import { stressParts, type Size } from './parts.js';

const { values } = parseArgs({ options: { full: { type: 'boolean', default: false }, only: { type: 'string' }, count: { type: 'string' } } });
const count = values.count === undefined ? undefined : Number(values.count);
if (count !== undefined && !(Number.isInteger(count) && count > 0)) throw new Error(`--count must be a positive whole number, not ${values.count}`);
const size: Size = count !== undefined ? { count } : values.full ? 'full' : 'bounded';
const sizeName = typeof size === 'string' ? `${size} size` : `a count of ${size.count.toLocaleString('en-US')}`;
const figures: Figure[] = [];
for (const part of stressParts) {
  if (values.only !== undefined && !part.name.includes(values.only)) continue;
  const start = performance.now();
  const figure = await part.run(size);
  figures.push({ ...figure, figures: { ...figure.figures, 'wall time': `${((performance.now() - start) / 1000).toFixed(1)} s` } });
  printFigures([figures[figures.length - 1] as Figure], (line) => process.stdout.write(line + '\n'));
}
const failed = figures.reduce((n, f) => n + f.failures, 0);
process.stdout.write(`\n${figures.length} parts at ${sizeName}, ${failed} failures\n`);
process.exitCode = failed === 0 ? 0 : 1;
