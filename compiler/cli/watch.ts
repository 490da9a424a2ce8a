/**
 * `--watch` for check and test: run once, then again whenever a file under the watched paths changes (.rubric,
 * .cases.yaml, case files), until the process is stopped (Ctrl-C) or `signal` aborts. Changes that arrive together
 * (an editor's save writes several times) run once. Uses node's fs.watch (recursive for folders).
 */
import { watch as watchPath, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import type { CliIo, ExitCode } from './reply.js';

const RELEVANT = /\.(rubric|ya?ml|json)$/;
const SETTLE_MS = 150;

export async function watchAndRun(paths: readonly string[], io: CliIo, run: () => Promise<ExitCode>, signal?: AbortSignal): Promise<ExitCode> {
  let status = await run();
  const watchers: FSWatcher[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let changed = new Set<string>();
  const again = () => {
    const files = [...changed];
    changed = new Set();
    running = running.then(async () => {
      io.err(`\nrubric: ${files.join(', ')} changed; running again.\n`);
      status = await run();
    });
  };
  for (const path of paths) {
    const absolute = resolve(io.cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) continue;
    const folder = info.isDirectory() ? absolute : dirname(absolute);
    const only = info.isDirectory() ? undefined : basename(absolute);
    const watcher = watchPath(folder, { recursive: info.isDirectory(), ...(signal ? { signal } : {}) }, (_event, name) => {
      const file = name === null ? '' : String(name);
      if (!RELEVANT.test(file) || (only !== undefined && basename(file) !== only)) return;
      changed.add(relative(io.cwd, resolve(folder, file)).split('\\').join('/'));
      clearTimeout(timer);
      timer = setTimeout(again, SETTLE_MS);
    });
    watcher.on('error', () => undefined);
    watchers.push(watcher);
  }
  // Said only once every watcher is in place: a change made after this line is never missed.
  io.err('rubric: watching for changes (Ctrl-C to stop).\n');
  await new Promise<void>((done) => {
    if (signal?.aborted) done();
    signal?.addEventListener('abort', () => done(), { once: true });
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return status;
}
