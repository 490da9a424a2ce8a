/**
 * Finding `.rubric` files on disk for the CLI. Each file gets two names: `uri`, relative to the working
 * directory (what a person clicks in a terminal), and `path`, relative to the folder it was found under
 * (what the manifest records, so a bundle does not depend on where it was compiled from).
 *
 * Files are read as bytes and decoded by `decodeSource` (language/encoding.ts): UTF-8, with or without a byte order
 * mark; any other encoding comes back with a RUB1007 error naming it, never as garbled text.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { decodeSource, type Diagnostic } from '../language/index.js';

export interface SourceOnDisk {
  readonly uri: string;
  readonly path: string;
  readonly text: string;
  /** Whether the file starts with a UTF-8 byte order mark (`text` has it dropped; `rubric fmt --write` keeps it). */
  readonly byteOrderMark: boolean;
  /** A RUB1007 error when the file is not UTF-8; empty otherwise. */
  readonly diagnostics: readonly Diagnostic[];
}

/** A file read from disk as the CLI holds it: decoded (`decodeSource`), with its two names. */
export function sourceOnDisk(uri: string, path: string, bytes: Uint8Array): SourceOnDisk {
  const decoded = decodeSource(uri, bytes);
  const byteOrderMark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { uri, path, text: decoded.source.text, byteOrderMark, diagnostics: decoded.diagnostics };
}

export interface SourceError {
  /** RUB2101 no such file or folder, RUB2102 no .rubric files in a folder, RUB2103 a file cannot be read. */
  readonly code: 'RUB2101' | 'RUB2102' | 'RUB2103';
  readonly path: string;
  readonly message: string;
}

export async function collectSources(
  inputs: readonly string[],
  cwd: string,
): Promise<{ sources: SourceOnDisk[]; errors: SourceError[] }> {
  const sources: SourceOnDisk[] = [];
  const errors: SourceError[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) {
      errors.push({ code: 'RUB2101', path: input, message: `${input}: no such file or folder.` });
      continue;
    }
    const files = info.isDirectory() ? await rubricFilesUnder(absolute) : [absolute];
    if (info.isDirectory() && files.length === 0) errors.push({ code: 'RUB2102', path: input, message: `${input}: no .rubric files in this folder.` });
    for (const file of files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const bytes = await readFile(file).catch((e: unknown) => {
        errors.push({ code: 'RUB2103', path: input, message: `${relative(cwd, file)}: cannot be read (${e instanceof Error ? e.message : String(e)}).` });
        return undefined;
      });
      if (bytes === undefined) continue;
      sources.push(sourceOnDisk(toSlash(relative(cwd, file)), toSlash(info.isDirectory() ? relative(absolute, file) : basename(file)), bytes));
    }
  }
  sources.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { sources, errors };
}

async function rubricFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await rubricFilesUnder(path)));
    else if (entry.isFile() && entry.name.endsWith('.rubric')) out.push(path);
  }
  return out;
}

const toSlash = (path: string): string => path.split(sep).join('/');
