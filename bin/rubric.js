#!/usr/bin/env node
// The `rubric` command: the built JavaScript in dist/ (`npm run build`; `npm ci`, `npm install` and `npm pack` build it).
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/compiler/cli.js', import.meta.url);
const { main } = await import(cli.href).catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(fileURLToPath(cli))) {
    process.stderr.write('rubric: dist/ is not built; run `npm run build` (or `npm ci`) in the rubric folder first.\n');
    process.exit(2);
  }
  throw error;
});

// A reader that stops early (`rubric test guidelines/ --format json | head -1`) closes the pipe: that ends the
// command quietly, as it does for other command-line tools, instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
