/**
 * The large-file measurement (issue 12, finding 7: "a 10 MB file takes 9.8 s and 1.16 GB"): one generated guideline
 * of `--mb` megabytes (10 by default) — the seed guideline with its criteria section repeated, each copy's criteria
 * renamed — written beside the shipped guidelines' folder, then `rubric check` run on it as a user runs it
 * (bin/rubric.js, the built CLI) under /usr/bin/time: wall time, CPU time and peak resident memory, with the load
 * average. Not part of `npm run stress` (it measures, it asserts nothing):
 *
 *   node --import tsx stress/large-file.ts [--mb 10]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './shipped.js';

const SEED = join(root, 'guidelines', 'odg', 'neck-and-upper-back', 'cervical-facet-therapeutic-injection.rubric');

/** The seed guideline grown to `bytes`: its criteria section repeated, `criterion x` renamed `x_k` in copy k. */
export function largeGuideline(bytes: number): string {
  const seed = readFileSync(SEED, 'utf8');
  const at = seed.indexOf('\ncriteria\n') + '\ncriteria\n'.length;
  const head = seed.slice(0, at);
  const criteria = seed.slice(at);
  const parts = [head];
  let size = head.length;
  for (let k = 1; size < bytes; k++) {
    const copy = criteria.replace(/^(\s*criterion )(\w+)/gm, `$1$2_${k}`);
    parts.push(copy);
    size += copy.length;
  }
  return parts.join('');
}

const { values } = parseArgs({ options: { mb: { type: 'string', default: '10' } } });
const mb = Number(values.mb);
// Under guidelines/ (not in git: removed afterwards), so `uses spine` finds the value-set library as it would.
const dir = join(root, 'guidelines', '.large-file-measurement');
const file = join(dir, 'large.rubric');
mkdirSync(dir, { recursive: true });
try {
  writeFileSync(file, largeGuideline(mb * 1024 * 1024));
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(root, 'bin', 'rubric.js'), 'check', file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const [wall, user, sys, maxKb] = (run.stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
  process.stdout.write(
    [
      `rubric check on a generated ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB guideline (${readFileSync(file, 'utf8').split('\n').length.toLocaleString('en-US')} lines)`,
      `  exit code ${run.status}; ${lines.length} lines of output${lines.length > 0 ? `, last: ${lines.at(-1)}` : ''}`,
      `  wall ${wall} s, CPU ${((user ?? 0) + (sys ?? 0)).toFixed(1)} s (user ${user}, system ${sys}), peak resident memory ${((maxKb ?? 0) / 1024).toFixed(0)} MB`,
      `  load average at start (1, 5, 15 min): ${load}`,
    ].join('\n') + '\n',
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
