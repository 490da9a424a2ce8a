/**
 * The packaged extension: `npm run package:vscode`'s .vsix holds a manifest VS Code accepts (the language, grammar,
 * snippets, settings and command it contributes, each file it names present), and the server bundle inside it starts
 * from the unpacked package over stdio with nothing but Node and answers with diagnostics.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { packageVscode } from '../package-vscode.mjs';
import { ROOT, startServer } from './harness.js';
import { unzip } from './unzip.js';

let dir: string;
let files: Map<string, Buffer>;
beforeAll(async () => {
  files = unzip(readFileSync(await packageVscode()));
  dir = mkdtempSync(join(tmpdir(), 'rubric-vsix-'));
  for (const [name, data] of files) {
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the .vsix', () => {
  test('its manifest contributes the language, grammar, snippets, settings and command, and names files it holds', () => {
    const manifest = JSON.parse(files.get('extension/package.json')?.toString('utf8') ?? '{}');
    expect(manifest.engines.vscode).toMatch(/^\^1\./);
    expect(manifest.activationEvents).toContain('onLanguage:rubric');
    expect(manifest.contributes.languages).toEqual([expect.objectContaining({ id: 'rubric', extensions: ['.rubric'] })]);
    expect(manifest.contributes.grammars).toEqual([expect.objectContaining({ language: 'rubric', scopeName: 'source.rubric' })]);
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual(['rubric.exampleCase', 'rubric.trace.server']);
    expect(manifest.contributes.commands.map((c: { command: string }) => c.command)).toEqual(['rubric.evaluateExampleCase']);
    const named = [manifest.main, manifest.contributes.languages[0].configuration, manifest.contributes.grammars[0].path, manifest.contributes.snippets[0].path];
    for (const path of named) expect(files.has(`extension/${path.replace(/^\.\//, '')}`), path).toBe(true);
    expect(files.has('extension/out/server.mjs')).toBe(true);
    // Nothing to install: no node_modules in the package.
    expect([...files.keys()].filter((f) => f.includes('node_modules'))).toEqual([]);
    const vsixManifest = files.get('extension.vsixmanifest')?.toString('utf8') ?? '';
    expect(vsixManifest).toContain('Id="rubric-vscode"');
  });

  test('the server starts from the unpacked package over stdio and checks a document', async () => {
    const server = await startServer({ server: join(dir, 'extension', 'out', 'server.mjs') });
    try {
      expect(server.initialize.serverInfo?.name).toBe('rubric-language-server');
      const text = readFileSync(join(ROOT, 'language', 'testdata', 'errors', '1207-unknown-condition.rubric'), 'utf8');
      const doc = await server.open('x.rubric', text);
      const diagnostics = await server.diagnostics(doc);
      expect(diagnostics.map((d) => d.code)).toEqual(['RUB1207', 'RUB1207', 'RUB1207']);
    } finally {
      await server.stop();
    }
  });
});
