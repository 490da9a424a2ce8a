/**
 * Library files on disk: a guideline `uses spine` whether or not `spine`'s file is open, so the server reads every
 * `.rubric` library under the workspace folders at start-up, and again when the client reports a change to one
 * (workspace/didChangeWatchedFiles). Files are decoded as `rubric check` decodes them (UTF-8 with or without a BOM).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeSource } from '../../language/index.js';

/** Reading stops here: a workspace that is not a guideline project must not stall the server. */
const MAX_FILES = 2_000;
const MAX_BYTES = 2 * 1024 * 1024;

/** True when the text's first word (after blank lines and comments) is `library`. */
export function isLibraryText(text: string): boolean {
  for (const line of text.replace(/^\ufeff/, '').split('\n', 10_000)) {
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^library\b/.test(trimmed);
  }
  return false;
}

export async function readLibraryFile(uri: string): Promise<string | null> {
  try {
    if (!uri.startsWith('file:')) return null;
    const path = fileURLToPath(uri);
    const info = await stat(path);
    if (!info.isFile() || info.size > MAX_BYTES) return null;
    const text = decodeSource(uri, await readFile(path)).source.text;
    return isLibraryText(text) ? text : null;
  } catch {
    return null;
  }
}

/** The uris of the `.rubric` files under a folder (dot folders and node_modules skipped). */
export async function rubricFilesUnder(folderUri: string): Promise<string[]> {
  let root: string;
  try {
    root = fileURLToPath(folderUri);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 12 || out.length >= MAX_FILES) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'out') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.rubric') && out.length < MAX_FILES) out.push(pathToFileURL(path).href);
    }
  };
  await walk(root, 0);
  return out;
}
