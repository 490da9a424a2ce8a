#!/usr/bin/env node
/**
 * Language server latency (`npm run bench`): the BUILT server (dist/lsp/server.mjs) forked with --stdio, spoken to
 * over JSON-RPC as an editor would, on a 2,000-line guideline (the seed guideline's criteria repeated under new names)
 * that uses two libraries read from disk. Prints:
 *   server start → first diagnostics;
 *   didChange → diagnostics p50 / p95 (debounce 0: the server's own work per edit; the editor adds the debounce);
 *   completion and hover p95;
 *   resident memory after 10,000 edits.
 * Targets (issue 9): didChange → diagnostics p95 < 20 ms, completion and hover p95 < 10 ms.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import protocol from 'vscode-languageserver-protocol/node';
import { bigGuideline, LIBRARIES, ROOT } from './big-guideline.mjs';
const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = protocol;

const SERVER = join(ROOT, 'dist', 'lsp', 'server.mjs');

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-lsp-bench-'));
  try {
    for (const lib of LIBRARIES) cpSync(join(ROOT, 'guidelines', 'valuesets', `${lib}.rubric`), join(dir, `${lib}.rubric`));
    const text = bigGuideline(2000);
    const path = join(dir, 'big.rubric');
    writeFileSync(path, text);
    const uri = pathToFileURL(path).href;

    const started = performance.now();
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    let waiting = null;
    connection.onNotification('textDocument/publishDiagnostics', (p) => {
      if (waiting && p.uri === uri && (p.version ?? 0) >= waiting.version) {
        const w = waiting;
        waiting = null;
        w.resolve(p.diagnostics);
      }
    });
    connection.onNotification('window/logMessage', (p) => process.stderr.write(`server: ${p.message}\n`));
    connection.onRequest('workspace/configuration', (p) => p.items.map(() => null));
    connection.listen();
    const diagnostics = (version) => new Promise((resolve) => (waiting = { version, resolve }));
    const folder = pathToFileURL(dir).href;
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: {}, initializationOptions: { debounceMs: 0 } });
    await connection.sendNotification('initialized', {});
    let version = 1;
    const first = diagnostics(1);
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rubric', version, text } });
    const firstDiagnostics = await first;
    const startToFirst = performance.now() - started;
    if (firstDiagnostics.some((d) => d.severity === 1)) throw new Error(`the bench guideline has errors: ${firstDiagnostics[0].message}`);

    // didChange → diagnostics: type and delete a character inside a reason text near the end.
    const lineOf = text.split('\n').length - 5;
    const edit = async (insert) => {
      version++;
      const done = diagnostics(version);
      const range = insert ? { start: { line: lineOf, character: 4 }, end: { line: lineOf, character: 4 } } : { start: { line: lineOf, character: 4 }, end: { line: lineOf, character: 5 } };
      const t = performance.now();
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
      await done;
      return performance.now() - t;
    };
    for (let i = 0; i < 10; i++) await edit(i % 2 === 0); // warm-up
    const change = [];
    for (let i = 0; i < 200; i++) change.push(await edit(i % 2 === 0));

    const lines = text.split('\n');
    const hoverLine = lines.findIndex((l) => l.includes('max_levels levels_at_once'));
    const completionLine = lines.findIndex((l, i) => i > lines.length / 2 && l.trim().startsWith('cite odg_facet'));
    const time = async (method, params) => {
      const t = performance.now();
      await connection.sendRequest(method, { textDocument: { uri }, ...params });
      return performance.now() - t;
    };
    const hover = [];
    const completion = [];
    for (let i = 0; i < 210; i++) {
      const h = await time('textDocument/hover', { position: { line: hoverLine, character: 17 } });
      const c = await time('textDocument/completion', { position: { line: completionLine, character: 4 } });
      if (i >= 10) {
        hover.push(h);
        completion.push(c);
      }
    }

    // 10,000 edits, the last one awaited.
    for (let i = 0; i < 10_000; i++) {
      version++;
      const insert = i % 2 === 0;
      const range = insert ? { start: { line: lineOf, character: 4 }, end: { line: lineOf, character: 4 } } : { start: { line: lineOf, character: 4 }, end: { line: lineOf, character: 5 } };
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert ? ' ' : '' }] });
    }
    await diagnostics(version);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;

    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    connection.dispose();

    const [l1] = loadavg();
    process.stdout.write(
      [
        `\nLanguage server (dist/lsp/server.mjs over stdio), ${text.split('\n').length}-line guideline using 2 libraries; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${l1.toFixed(1)}`,
        `  server start → first diagnostics   ${ms(startToFirst)}`,
        `  didChange → diagnostics            p50 ${ms(percentile(change, 50))}   p95 ${ms(percentile(change, 95))}   (target p95 < 20 ms)`,
        `  hover                              p50 ${ms(percentile(hover, 50))}   p95 ${ms(percentile(hover, 95))}   (target p95 < 10 ms)`,
        `  completion                         p50 ${ms(percentile(completion, 50))}   p95 ${ms(percentile(completion, 95))}   (target p95 < 10 ms)`,
        `  resident memory after 10,000 edits ${rss.toFixed(0)} MB`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
