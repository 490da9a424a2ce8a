#!/usr/bin/env node
/**
 * `npm run package:vscode`: the VS Code extension as a .vsix, built with @vscode/vsce from a staged folder
 * (dist/vscode/): the manifest, language configuration, TextMate grammar and snippets from lsp/client/, and the
 * esbuild bundles of the client and the server (dist/lsp/, built by `node build.mjs`) under out/. The extension has
 * no dependencies left to install: everything the server needs is in its bundle, and it runs on VS Code's own Node.
 * Writes dist/rubric-vscode-<version>.vsix and prints its path.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createVSIX } from '@vscode/vsce';

const ROOT = join(import.meta.dirname, '..');
const CLIENT = join(ROOT, 'lsp', 'client');
const BUILT = join(ROOT, 'dist', 'lsp');
const STAGE = join(ROOT, 'dist', 'vscode');

export async function packageVscode() {
  for (const f of ['server.mjs', 'extension.cjs']) {
    if (!existsSync(join(BUILT, f))) throw new Error(`dist/lsp/${f} is missing: run node build.mjs first`);
  }
  rmSync(STAGE, { recursive: true, force: true });
  mkdirSync(join(STAGE, 'out'), { recursive: true });
  for (const f of ['package.json', 'language-configuration.json', 'README.md', 'syntaxes', 'snippets']) cpSync(join(CLIENT, f), join(STAGE, f), { recursive: true });
  cpSync(BUILT, join(STAGE, 'out'), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8'));
  const packagePath = join(ROOT, 'dist', `${manifest.name}-${manifest.version}.vsix`);
  await createVSIX({ cwd: STAGE, packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true });
  return packagePath;
}

if (process.argv[1] !== undefined && relative(process.argv[1], join(ROOT, 'lsp', 'package-vscode.mjs')) === '') {
  const path = await packageVscode();
  process.stdout.write(`${relative(process.cwd(), path)}\n`);
}
