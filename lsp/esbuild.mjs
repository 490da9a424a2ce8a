/**
 * The language server and the VS Code extension, bundled by esbuild (build.mjs calls this after the CLI):
 *   dist/lsp/server.mjs     the server (ES module; `node server.mjs --stdio` or `--node-ipc`), with the compiler and
 *                           esbuild in a chunk it imports only for "Evaluate example case" (dist/lsp/chunks/*.mjs)
 *   dist/lsp/extension.cjs  the VS Code client (CommonJS, as VS Code loads extensions; `vscode` is external)
 * The server needs nothing but Node: vscode-languageserver, Chevrotain and the language are inside the bundle.
 */
import { join } from 'node:path';

export async function buildLsp(esbuild, root) {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  };
  await esbuild.build({
    ...common,
    entryPoints: { server: join(root, 'lsp', 'server', 'main.ts') },
    outdir: join(root, 'dist', 'lsp'),
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    external: ['esbuild'], // found from its own package folder (with its native binary) when the lens compiles
    banner: { js: "import { createRequire as __rubricCreateRequire } from 'node:module'; const require = __rubricCreateRequire(import.meta.url);" },
  });
  await esbuild.build({
    ...common,
    entryPoints: [join(root, 'lsp', 'client', 'extension.mts')],
    outfile: join(root, 'dist', 'lsp', 'extension.cjs'),
    format: 'cjs',
    external: ['vscode'],
  });
}
