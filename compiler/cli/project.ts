/**
 * Where the guidelines are when the command line does not say: a project file, `rubric.json`, in the working
 * directory or a folder above it —
 *
 *   { "guidelines": ["guidelines"] }       // folders (or files), relative to rubric.json
 *
 * — else a `guidelines/` folder in the working directory. And the libraries a guideline `uses` when it is checked
 * alone (`rubric check one.rubric`): looked for in the project's guideline folders, else in the file's folder and
 * the folders above it, up to the first one holding rubric.json, package.json or .git (at most six levels, never the
 * filesystem root, the home folder or the temporary folder).
 *
 * The lookups read only the header lines (`library <name>`, `uses <name>, …`); the checker is still the judge of
 * what a file holds.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { sourceOnDisk, type SourceOnDisk } from '../sources.js';
import { CliCodes, type CliError } from './reply.js';

export const PROJECT_FILE = 'rubric.json';

export interface Project {
  /** The folder holding rubric.json. */
  readonly root: string;
  /** The guideline folders or files it names, absolute. */
  readonly guidelines: readonly string[];
}

const exists = (path: string): Promise<boolean> => stat(path).then(
  () => true,
  () => false,
);

/** The nearest rubric.json at or above `from`; an error when it is there but not a project file. */
export async function findProject(from: string): Promise<{ project?: Project; error?: CliError }> {
  for (let dir = resolve(from), up = dirname(dir); ; dir = up, up = dirname(dir)) {
    const file = join(dir, PROJECT_FILE);
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) {
      const bad = (why: string): { error: CliError } => ({ error: { code: CliCodes.badProjectFile, uri: file, message: `${why}; it should be like {"guidelines": ["guidelines"]}.` } });
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return bad('is not valid JSON');
      }
      const guidelines = (value as { guidelines?: unknown } | null)?.guidelines ?? ['guidelines'];
      if (!Array.isArray(guidelines) || !guidelines.every((g): g is string => typeof g === 'string' && g !== '')) return bad('"guidelines" must be a list of folders');
      return { project: { root: dir, guidelines: guidelines.map((g) => resolve(dir, g)) } };
    }
    if (up === dir) return {};
  }
}

/**
 * The guidelines to check when none are named: the project's (rubric.json), else `guidelines/` here. Paths come back
 * relative to `cwd`, the way a person would have typed them.
 */
export async function defaultGuidelines(cwd: string, flag: string): Promise<{ paths?: string[]; error?: CliError }> {
  const found = await findProject(cwd);
  if (found.error) return { error: found.error };
  if (found.project) return { paths: found.project.guidelines.map((g) => relative(cwd, g) || '.') };
  if (await exists(join(cwd, 'guidelines'))) return { paths: ['guidelines'] };
  return {
    error: {
      code: CliCodes.noGuidelines,
      message:
        `there is no guidelines/ folder in ${cwd} and no ${PROJECT_FILE} in it or above it. ` +
        `Point at the guidelines with ${flag} <folder> (e.g. ${flag} path/to/guidelines), run rubric from the folder that holds them, ` +
        `or add a ${PROJECT_FILE} ({"guidelines": ["guidelines"]}) to the project (\`rubric init\` writes one).`,
    },
  };
}

const USES = /^[ \t]*uses[ \t]+([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*)/gm;
const LIBRARY = /^[ \t]*library[ \t]+([A-Za-z_]\w*)/m;

/** Library names the sources `use`, minus those they declare. */
export function missingLibraries(sources: readonly { readonly text: string }[]): Set<string> {
  const used = new Set<string>();
  const declared = new Set<string>();
  for (const s of sources) {
    for (const m of s.text.matchAll(USES)) for (const name of (m[1] ?? '').split(',')) used.add(name.trim());
    const lib = LIBRARY.exec(s.text)?.[1];
    if (lib !== undefined) declared.add(lib);
  }
  for (const d of declared) used.delete(d);
  return used;
}

const BOUNDARIES = [PROJECT_FILE, 'package.json', '.git'];
const MAX_LEVELS = 6;

/** The folders to look for libraries in, nearest first. */
async function searchFolders(sources: readonly SourceOnDisk[], cwd: string): Promise<string[]> {
  const first = sources[0];
  if (first === undefined) return [];
  const start = dirname(resolve(cwd, first.uri));
  const { project } = await findProject(start);
  if (project) return [...project.guidelines];
  const folders: string[] = [];
  for (let dir = start, level = 0; level < MAX_LEVELS; level++) {
    folders.push(dir);
    const boundary = (await Promise.all(BOUNDARIES.map((b) => exists(join(dir, b))))).some(Boolean);
    const up = dirname(dir);
    // Never scan the filesystem root, the home folder or the temporary folder as a whole.
    if (boundary || up === dir || dirname(up) === up || up === homedir() || up === tmpdir()) break;
    dir = up;
  }
  return folders;
}

/**
 * The library files the sources use but were not given, found as above. Returns them as sources (uri relative to
 * `cwd`, path relative to the folder they were found in) to check alongside; what is still not found, the checker
 * reports (RUB1205).
 */
export async function findUsedLibraries(sources: readonly SourceOnDisk[], cwd: string): Promise<SourceOnDisk[]> {
  const missing = missingLibraries(sources);
  if (missing.size === 0) return [];
  const given = new Set(sources.map((s) => resolve(cwd, s.uri)));
  const found: SourceOnDisk[] = [];
  const seen = new Set<string>();
  for (const folder of await searchFolders(sources, cwd)) {
    for (const file of await rubricFilesUnder(folder)) {
      if (missing.size === 0) return found;
      if (given.has(file) || seen.has(file)) continue;
      seen.add(file);
      const bytes = await readFile(file).catch(() => undefined);
      if (bytes === undefined) continue;
      const source = sourceOnDisk(relative(cwd, file).split(sep).join('/'), relative(folder, file).split(sep).join('/'), bytes);
      const name = LIBRARY.exec(source.text)?.[1];
      if (name === undefined || !missing.has(name)) continue;
      missing.delete(name);
      found.push(source);
    }
  }
  return found;
}

async function rubricFilesUnder(dir: string): Promise<string[]> {
  const info = await stat(dir).catch(() => undefined);
  if (info?.isFile()) return dir.endsWith('.rubric') ? [dir] : [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await rubricFilesUnder(path)));
    else if (entry.isFile() && entry.name.endsWith('.rubric')) out.push(path);
  }
  return out;
}

const GUIDELINE = /^[ \t]*guideline[ \t]+([A-Za-z_]\w*)/m;

/** The guideline ids the sources declare, from their header lines (for `eval`'s early did-you-mean). */
export function declaredGuidelines(sources: readonly { readonly text: string }[]): string[] {
  return sources.flatMap((s) => {
    const id = GUIDELINE.exec(s.text)?.[1];
    return id === undefined ? [] : [id];
  });
}
