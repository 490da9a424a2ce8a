/**
 * The server's own work per edit, in process and in CPU time (less moved by other processes on a shared machine
 * than the latency bench's wall time): the latency bench's 2,022-line guideline using two libraries in the server's
 * Analysis, the bench's edit (a space typed and deleted inside a reason near the end), each followed by the snapshot
 * and the LSP diagnostics the server would publish. Prints the median wall and CPU time of an edit.
 *
 *   node --import tsx lsp/bench/edit-cpu.ts [edits]                               (default 200 edits)
 *   node --max-semi-space-size=32 --import tsx lsp/bench/edit-cpu.ts              (Node flags go before --import)
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { diagnosticsFor } from '../server/features/diagnostics.js';
import { Analysis } from '../server/analysis.js';
import { bigGuideline, LIBRARIES, ROOT } from './big-guideline.mjs';

const edits = Number(process.argv[2] ?? 200);
const text = bigGuideline(2000);
const uri = 'file:///bench/big.rubric';
const analysis = new Analysis();
for (const lib of LIBRARIES) analysis.setDisk(`file:///bench/${lib}.rubric`, readFileSync(join(ROOT, 'guidelines', 'valuesets', `${lib}.rubric`), 'utf8'));
analysis.setOpen(uri, text, 1);
if (diagnosticsFor(analysis.snapshot(), uri).some((d) => d.severity === 1)) throw new Error('the bench guideline has errors');

const lines = text.split('\n');
const at = lines.slice(0, lines.length - 5).reduce((n, line) => n + line.length + 1, 0) + 4;
const wall: number[] = [];
const cpu: number[] = [];
let current = text;
for (let i = 0; i < edits + 10; i++) {
  current = i % 2 === 0 ? `${current.slice(0, at)} ${current.slice(at)}` : current.slice(0, at) + current.slice(at + 1);
  const c = process.cpuUsage();
  const t = performance.now();
  analysis.setOpen(uri, current, i + 2);
  JSON.stringify(diagnosticsFor(analysis.snapshot(), uri));
  const used = process.cpuUsage(c);
  if (i < 10) continue; // warm-up
  wall.push(performance.now() - t);
  cpu.push((used.user + used.system) / 1000);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
process.stdout.write(`edit (in process, ${lines.length} lines, ${edits} edits, load average ${loadavg()[0]?.toFixed(1)}): median wall ${median(wall).toFixed(1)} ms, CPU ${median(cpu).toFixed(1)} ms\n`);
