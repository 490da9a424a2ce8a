/**
 * Conformance cases on disk: finding `*.cases.yaml` files, reading them, checking them against their JSON Schema
 * and resolving `extends`. A cases file sits beside its guideline and pins down how the guideline decides:
 *
 *   guideline: cervical_facet_therapeutic_injection
 *   cases:
 *     - note: Three levels requested; no more than two may be blocked at one time.
 *       extends: ../../../examples/seed/case.json     # relative to this file; JSON or YAML
 *       case: { request: { levels: [C3-C4, C4-C5, C5-C6] }, diagnoses: null }   # deep-merge patch; null = not stated
 *       want:
 *         outcome: not_medically_necessary
 *         criteria: { two_levels: not_met }            # only the listed criteria are compared
 *         reasons: ["<exact text of each not_met reason, in order>"]
 *         missing: [documentation.facet_joint_pain_signs]
 *         errors: [/request/levels]                     # field paths, for invalid_case
 *         texts: { no_radicular_pain: "<the exact text that criterion prints>" }
 *       skip: "<why>"                                   # optional: printed and counted, not run
 *
 * Problems in a cases file come back as located values (file:line:col), never as exceptions; the cases of a file with
 * errors (and a case whose `extends` cannot be read) come back as `unrun`, to be counted as failed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { CriterionStatus } from '../runtime/contract.js';
import type { Outcome } from '../runtime/determination.js';
import { closest } from '../language/suggest.js';

/** 1-based, for people. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface CasesProblem extends Position {
  /** The cases file, as the person named it (relative to the working directory). */
  readonly uri: string;
  readonly message: string;
}

export interface Want {
  readonly outcome: Outcome;
  readonly criteria?: Readonly<Record<string, CriterionStatus>>;
  /** The route the determination is supported under (`null`: none is met). */
  readonly route?: string | null;
  readonly reasons?: readonly string[];
  readonly missing?: readonly string[];
  readonly errors?: readonly string[];
  /** The exact text a criterion prints (its reason, its missing-documentation reason, or its statement). */
  readonly texts?: Readonly<Record<string, string>>;
}

export interface ConformanceCase {
  /** Where the case starts in its cases file. */
  readonly position: Position;
  readonly note: string;
  /** The case file to evaluate: the `extends` file with `case` merged on top, or `case` alone. */
  readonly data: unknown;
  readonly want: Want;
  /** Why the case is not run, when it is marked `skip`. */
  readonly skip?: string;
  /** Where each criterion id under `want.criteria` (or `want.texts`) is written, so an unknown id can be pointed at. */
  readonly criterionPositions: Readonly<Record<string, Position>>;
}

/** A case that cannot be run (its cases file has errors, or its `extends` cannot be read): it counts as failed. */
export interface UnrunCase {
  readonly position: Position;
  readonly note: string;
  /** Why, in words: "the cases file has errors", `extends "x.json": no such case file`. */
  readonly why: string;
}

export interface CasesFile {
  readonly uri: string;
  /** The guideline id, or `''` when a broken file does not say. */
  readonly guideline: string;
  readonly guidelinePosition: Position;
  readonly cases: readonly ConformanceCase[];
  /** Cases that are there but cannot be run; reported as failed, never dropped. */
  readonly unrun: readonly UnrunCase[];
}

export const CASES_SUFFIX = '.cases.yaml';

const OUTCOMES = [
  'medically_necessary',
  'not_medically_necessary',
  'insufficient_information',
  'refer_for_physician_review',
  'does_not_apply',
  'invalid_case',
];
const STATUSES = ['met', 'not_met', 'not_documented', 'not_applicable', 'needs_judgement'];
const stringList = { type: 'array', items: { type: 'string' } };

/** The JSON Schema (draft-07) of a cases file. */
export const casesFileSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['guideline', 'cases'],
  additionalProperties: false,
  properties: {
    guideline: { type: 'string', minLength: 1 },
    cases: { type: 'array', items: { $ref: '#/definitions/case' } },
  },
  definitions: {
    case: {
      type: 'object',
      required: ['note', 'want'],
      additionalProperties: false,
      properties: {
        note: { type: 'string', minLength: 1 },
        extends: { type: 'string', minLength: 1 },
        case: { type: 'object' },
        skip: { type: 'string', minLength: 1 },
        want: { $ref: '#/definitions/want' },
      },
    },
    want: {
      type: 'object',
      required: ['outcome'],
      additionalProperties: false,
      properties: {
        outcome: { enum: OUTCOMES },
        criteria: { type: 'object', additionalProperties: { enum: STATUSES } },
        route: { type: ['string', 'null'] },
        reasons: stringList,
        missing: stringList,
        errors: stringList,
        texts: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;

/** Compiled on first use (ajv's compile is start-up time `rubric --help` and `rubric check` don't need). */
let shapeValidator: ValidateFunction | undefined;
const validateShape = (value: unknown): boolean =>
  (shapeValidator ??= new Ajv({ allErrors: true, verbose: true, strict: true, logger: false, ownProperties: true }).compile(casesFileSchema))(value);

/** What each mapping may hold, for did-you-mean on a misspelt field. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  file: Object.keys(casesFileSchema.properties),
  case: Object.keys(casesFileSchema.definitions.case.properties),
  want: Object.keys(casesFileSchema.definitions.want.properties),
};

interface Parsed {
  readonly guideline: string;
  readonly cases: readonly { note: string; extends?: string; case?: unknown; skip?: string; want: Want }[];
}

/** A parsed cases file whose `extends` are not yet read. */
export interface ParsedCasesFile {
  readonly uri: string;
  readonly guideline: string;
  readonly guidelinePosition: Position;
  readonly unrun: readonly UnrunCase[];
  readonly cases: readonly (Omit<ConformanceCase, 'data'> & { readonly extends?: { readonly path: string; readonly position: Position }; readonly patch: unknown })[];
}

/** Parse and check one cases file's text. Pure; never throws for any text. */
export function parseCasesFile(uri: string, text: string): { file?: ParsedCasesFile; problems: CasesProblem[] } {
  const lineCounter = new LineCounter();
  const problem = (offset: number, message: string): CasesProblem => ({ uri, ...at(lineCounter, offset), message });
  try {
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return { file: brokenFile(uri, doc, lineCounter), problems: doc.errors.map((e) => problem(e.pos[0], `not valid YAML: ${firstLine(e.message)}`)) };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (!validateShape(value)) {
      const problems = (shapeValidator?.errors ?? []).flatMap((e) => shapeProblem(doc, e, problem));
      return { file: brokenFile(uri, doc, lineCounter), problems: dedupe(problems) };
    }
    const parsed = value as unknown as Parsed;
    const position = (path: readonly (string | number)[]) => at(lineCounter, offsetOf(doc, path, false));
    const cases = parsed.cases.map((c, i) => {
      const criterionPositions: Record<string, Position> = {};
      for (const id of Object.keys(c.want.texts ?? {})) criterionPositions[id] = at(lineCounter, offsetOf(doc, ['cases', i, 'want', 'texts', id], true));
      for (const id of Object.keys(c.want.criteria ?? {})) criterionPositions[id] = at(lineCounter, offsetOf(doc, ['cases', i, 'want', 'criteria', id], true));
      return {
        position: position(['cases', i]),
        note: c.note,
        want: c.want,
        patch: c.case,
        criterionPositions,
        ...(c.skip !== undefined ? { skip: c.skip } : {}),
        ...(c.extends !== undefined ? { extends: { path: c.extends, position: position(['cases', i, 'extends']) } } : {}),
      };
    });
    return { file: { uri, guideline: parsed.guideline, guidelinePosition: position(['guideline']), cases, unrun: [] }, problems: [] };
  } catch (e) {
    return {
      file: { uri, guideline: '', guidelinePosition: { line: 1, column: 1 }, cases: [], unrun: [{ position: { line: 1, column: 1 }, note: uri, why: BROKEN }] },
      problems: [problem(0, `could not be read as a cases file (${e instanceof Error ? e.message : String(e)})`)],
    };
  }
}

const BROKEN = 'the cases file has errors';

/**
 * A cases file with errors, as the cases it holds (each counts as failed, not run), so a broken file does not make its
 * cases vanish from the count. When not even its `cases` list can be found, the file itself is one case not run.
 */
function brokenFile(uri: string, doc: Document, lineCounter: LineCounter): ParsedCasesFile {
  const at = (offset: number | undefined): Position => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };
  const root: unknown = doc.contents;
  const guidelineNode: unknown = isMap(root) ? root.get('guideline', true) : undefined;
  const guideline = isScalar(guidelineNode) && typeof guidelineNode.value === 'string' ? guidelineNode.value : '';
  const cases: unknown = isMap(root) ? root.get('cases', true) : undefined;
  const unrun: UnrunCase[] = isSeq(cases)
    ? cases.items.map((item, i) => {
        const note: unknown = isMap(item) ? item.get('note') : undefined;
        return { position: at(rangeStart(item)), note: typeof note === 'string' && note.trim() !== '' ? note : `case ${i + 1}`, why: BROKEN };
      })
    : [];
  if (unrun.length === 0) unrun.push({ position: at(0), note: uri, why: BROKEN });
  return { uri, guideline, guidelinePosition: at(rangeStart(guidelineNode)), cases: [], unrun };
}

/**
 * Resolve each case's `extends` (relative to the cases file's folder `dir`) and merge its `case` on top.
 * `read` returns a file's text or undefined; a missing or unparsable base is a problem at the `extends` line.
 */
export async function resolveExtends(
  parsed: ParsedCasesFile,
  dir: string,
  read: (absolute: string) => Promise<string | undefined> = (p) => readFile(p, 'utf8').catch(() => undefined),
): Promise<{ file: CasesFile; problems: CasesProblem[] }> {
  const problems: CasesProblem[] = [];
  const bases = new Map<string, Promise<{ value?: unknown; error?: string }>>();
  const cases: ConformanceCase[] = [];
  const unrun: UnrunCase[] = [...parsed.unrun];
  for (const { extends: base, patch, ...rest } of parsed.cases) {
    if (base === undefined) {
      cases.push({ ...rest, data: patch ?? {} });
      continue;
    }
    const absolute = resolve(dir, base.path);
    let loading = bases.get(absolute);
    if (loading === undefined) bases.set(absolute, (loading = readBase(absolute, read)));
    const loaded = await loading;
    if (loaded.error !== undefined) {
      const message = `extends "${base.path}": ${loaded.error}`;
      problems.push({ uri: parsed.uri, ...base.position, message });
      unrun.push({ position: rest.position, note: rest.note, why: message });
      continue;
    }
    cases.push({ ...rest, data: patch === undefined ? loaded.value : mergePatch(loaded.value, patch) });
  }
  return { file: { uri: parsed.uri, guideline: parsed.guideline, guidelinePosition: parsed.guidelinePosition, cases, unrun }, problems };
}

async function readBase(absolute: string, read: (absolute: string) => Promise<string | undefined>): Promise<{ value?: unknown; error?: string }> {
  const text = await read(absolute);
  if (text === undefined) return { error: 'no such case file' };
  if (absolute.endsWith('.json')) {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (e) {
      return { error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return { error: `not valid YAML (${firstLine(doc.errors[0]?.message ?? '')})` };
  return { value: doc.toJS({ maxAliasCount: 1000 }) as unknown };
}

/**
 * Deep merge: mappings merge key by key; anything else in the patch (a list, a value, `null` for "not stated")
 * replaces what the base had. Neither input is changed; keys such as `__proto__` stay plain data.
 */
export function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  for (const key of Object.keys(base)) put(key, base[key]);
  for (const key of Object.keys(patch)) put(key, mergePatch(Object.hasOwn(base, key) ? base[key] : undefined, patch[key]));
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read, parse and resolve one cases file. `uri` is how it is named in messages. */
export async function loadCasesFile(absolute: string, uri: string): Promise<{ file?: CasesFile; problems: CasesProblem[] }> {
  const text = await readFile(absolute, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return {
      file: { uri, guideline: '', guidelinePosition: { line: 1, column: 1 }, cases: [], unrun: [{ position: { line: 1, column: 1 }, note: uri, why: 'the cases file cannot be read' }] },
      problems: [{ uri, line: 1, column: 1, message: 'cannot be read' }],
    };
  }
  const parsed = parseCasesFile(uri, text);
  if (parsed.file === undefined) return { problems: parsed.problems };
  const resolved = await resolveExtends(parsed.file, dirname(absolute));
  return { file: resolved.file, problems: [...parsed.problems, ...resolved.problems] };
}

/** Every `*.cases.yaml` under the inputs (folders searched recursively; files taken as given), sorted, deduplicated. */
export async function findCasesFiles(
  inputs: readonly string[],
  cwd: string,
): Promise<{ files: { absolute: string; uri: string }[]; errors: string[] }> {
  const found = new Set<string>();
  const errors: string[] = [];
  for (const input of inputs) {
    const absolute = resolve(cwd, input);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) errors.push(`${input}: no such file or folder.`);
    else if (info.isDirectory()) for (const f of await casesFilesUnder(absolute)) found.add(f);
    else if (absolute.endsWith(CASES_SUFFIX)) found.add(absolute);
  }
  const files = [...found].sort().map((absolute) => ({ absolute, uri: relative(cwd, absolute).split(sep).join('/') }));
  return { files, errors };
}

async function casesFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await casesFilesUnder(path)));
    else if (entry.isFile() && entry.name.endsWith(CASES_SUFFIX)) out.push(path);
  }
  return out;
}

// ── Locating schema errors ──────────────────────────────────────────────────────────────────────────────────────

function shapeProblem(doc: Document, e: ErrorObject, problem: (offset: number, message: string) => CasesProblem): CasesProblem[] {
  const path = e.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const where = describePath(path);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return [problem(offsetOf(doc, path, false), `${where} needs \`${String(params['missingProperty'])}\`.`)];
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const known = FIELDS[kindOf(path)] ?? [];
      const suggestion = closest(name, known);
      return [
        problem(
          offsetOf(doc, [...path, name], true),
          `\`${name}\` is not a field of ${where}` + (suggestion ? `. Did you mean \`${suggestion}\`?` : `; it may hold ${known.map((k) => `\`${k}\``).join(', ')}.`),
        ),
      ];
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const found = String(e.data);
      const suggestion = closest(found, allowed);
      return [
        problem(
          offsetOf(doc, path, false),
          `${where} is "${found}"` + (suggestion ? `. Did you mean "${suggestion}"?` : `; expected one of ${allowed.join(', ')}.`),
        ),
      ];
    }
    case 'type':
      return [problem(offsetOf(doc, path, false), `${where} must be ${typeWords(String(params['type']))}.`)];
    case 'minLength':
      return [problem(offsetOf(doc, path, false), `${where} must not be empty.`)];
    default:
      return [problem(offsetOf(doc, path, false), `${where} ${e.message ?? 'is not valid'}.`)];
  }
}

function kindOf(path: readonly string[]): string {
  if (path.length === 0) return 'file';
  if (path[0] === 'cases' && path.length === 2) return 'case';
  if (path[0] === 'cases' && path[2] === 'want' && path.length === 3) return 'want';
  return '';
}

/** `cases/3/want/outcome` → "case 4's want.outcome". */
function describePath(path: readonly string[]): string {
  if (path.length === 0) return 'the cases file';
  if (path[0] !== 'cases') return `\`${path.join('.')}\``;
  if (path.length === 1) return '`cases`';
  const n = Number(path[1]) + 1;
  return path.length === 2 ? `case ${n}` : `case ${n}'s \`${path.slice(2).join('.')}\``;
}

function typeWords(type: string): string {
  switch (type) {
    case 'object':
      return 'a mapping (key: value lines)';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    default:
      return `a ${type}`;
  }
}

/** Offset of the node at `path` (or of its key, for a mapping entry); the nearest existing ancestor otherwise. */
function offsetOf(doc: Document, path: readonly (string | number)[], key: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(segment));
      if (!pair) break;
      offset = (key ? rangeStart(pair.key) : undefined) ?? rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
      node = pair.value;
      if (key && segment === path[path.length - 1]) break;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else break;
  }
  return offset;
}

const rangeStart = (node: unknown): number | undefined => (node && typeof node === 'object' && 'range' in node ? ((node as Node).range?.[0] ?? undefined) : undefined);

function at(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

const firstLine = (message: string): string => message.split('\n')[0] ?? message;

function dedupe(problems: CasesProblem[]): CasesProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
