/**
 * Lowering, case-data JSON Schema: the draft-07 schema of the case data a guideline reads (objects along each fact's
 * path, lists for records, codes and counts), made at least as strict as runtime/case-file.schema.json along the same
 * paths (`readPathsSchema`, combined by strict-schema.ts). Written beside the bundle, and compiled into the
 * guideline's case reading (emit-validation.ts).
 */
import type { CheckedFact, CheckedGuideline } from '../language/model.js';
import { canHoldRange } from '../language/numbers.js';
import { readPathsSchema } from '../runtime/case-file-paths.js';
import type { DataRequirement } from '../runtime/contract.js';
import type { Data } from './literal.js';
import { strictest } from './strict-schema.js';

/** The guideline's case schema combined with the case-file schema along the paths it reads (`requirements`). */
export function guidelineCaseSchema(g: CheckedGuideline, requirements: readonly DataRequirement[], error: (message: string) => void): { readonly [key: string]: Data } {
  return strictest(caseSchema(g, error), readPathsSchema(requirements) as JsonObject) as JsonObject;
}

type JsonObject = { [key: string]: Data };
type ObjectShape = { kind: 'object'; props: Map<string, Shape> };
/** A list of records: every records fact reading the list adds its fields to the one item shape. */
type ListShape = { kind: 'list'; description: string; item: ObjectShape };
type Shape = ObjectShape | ListShape | { kind: 'leaf'; schema: JsonObject };

const NOT_STATED_NOTE = 'null, or leaving the item out, means not stated';

/**
 * Draft-07 schema of the case data a guideline reads: objects along each fact's path, lists for records,
 * codes and counts; null allowed everywhere (not stated); unknown properties allowed; `request` required.
 * The build above combines it with the case-file schema along the same paths (`readPathsSchema`), so a list entry
 * that is null or lacks its key field, a text that breaks its pattern or an empty code is a field error here too.
 */
function caseSchema(g: CheckedGuideline, error: (message: string) => void): JsonObject {
  const root = objectShape();
  root.props.set('request', objectShape());
  for (const f of g.facts) place(root, f, error, true);
  const properties = renderProps(root);
  const request = properties['request'] as JsonObject;
  properties['request'] = { ...request, type: 'object' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: g.title,
    description: `Case data read by guideline ${g.id} version ${g.version}; ${NOT_STATED_NOTE}.`,
    type: 'object',
    required: ['request'],
    properties,
  };
}

/** Puts a fact's schema at its path. Two records facts may select from one list (x-rays and MRIs of one imaging list). */
function place(root: ObjectShape, f: CheckedFact, error: (m: string) => void, top: boolean): void {
  if (f.kind === 'total') return; // reads its records' field, placed with them
  if (f.kind === 'elapsed') {
    // A `latest` / `earliest` date is a field of records, placed with them.
    const dates = [f.fromPick === null ? f.path : null, f.toPick === null ? (f.to ?? []) : null];
    for (const path of dates) {
      if (path !== null) place(root, { ...f, kind: 'date', path, to: null, fromPick: null, toPick: null, label: `a date (${f.label})` }, error, top);
    }
    return;
  }
  if (f.kind !== 'records') {
    insert(root, f.path, { kind: 'leaf', schema: leafSchema(f, top && canHoldRange(f.path)) }, error);
    return;
  }
  const list = insert(root, f.path, { kind: 'list', description: f.label, item: objectShape() }, error);
  if (list?.kind !== 'list') return;
  for (const field of f.fields) place(list.item, field, error, false);
}

function objectShape(): ObjectShape {
  return { kind: 'object', props: new Map() };
}

/** The same schema apart from its description: two facts may read one value alike. */
const sameValue = (a: JsonObject, b: JsonObject): boolean => {
  const { description: _a, ...restA } = a;
  const { description: _b, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
};

/**
 * Adds `shape` at `path` and returns the shape now there: the one given, or the list or equal leaf already
 * there. A path read both as one kind of value and as another is an error.
 */
function insert(root: ObjectShape, path: readonly string[], shape: Shape, error: (m: string) => void): Shape | undefined {
  let node = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const existing = node.props.get(seg);
    if (i === path.length - 1) {
      if (existing === undefined || (existing.kind === 'object' && existing.props.size === 0)) {
        node.props.set(seg, shape);
        return shape;
      }
      if (existing.kind === 'list' && shape.kind === 'list') return existing;
      if (existing.kind === 'leaf' && shape.kind === 'leaf' && sameValue(existing.schema, shape.schema)) return existing;
      error(`two facts read the case path "${path.join('.')}" as different kinds of value`);
      return undefined;
    }
    if (existing === undefined) {
      const next = objectShape();
      node.props.set(seg, next);
      node = next;
    } else if (existing.kind === 'object') {
      node = existing;
    } else {
      error(`the case path "${path.slice(0, i + 1).join('.')}" is read both as a value and as an object`);
      return undefined;
    }
  }
  return undefined;
}

function renderProps(shape: ObjectShape): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of shape.props) {
    // defineProperty: a case path segment may be `__proto__`, which plain assignment would not store.
    Object.defineProperty(out, k, { value: render(v), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function render(shape: Shape): Data {
  switch (shape.kind) {
    case 'leaf':
      return shape.schema;
    case 'object':
      return { type: ['object', 'null'], properties: renderProps(shape) };
    case 'list':
      return { description: shape.description, type: ['array', 'null'], items: { type: ['object', 'null'], properties: renderProps(shape.item) } };
  }
}

/**
 * A requested number that may be a range: one number, or `{ "min": n, "max": n }` with min ≤ max (ajv's `$data`
 * compares the two; validate-case.ts words the error). `properties` and `required` constrain objects only.
 */
function rangeSchema(description: string): JsonObject {
  return {
    description: `${description}: a number, or a range { "min": n, "max": n } with min ≤ max`,
    type: ['number', 'object', 'null'],
    minimum: 0,
    properties: {
      min: { type: 'number', minimum: 0 },
      max: { type: 'number', minimum: { $data: '1/min' } },
    },
    required: ['min', 'max'],
    additionalProperties: false,
  };
}

function leafSchema(f: CheckedFact, range = false): JsonObject {
  const description = f.label;
  switch (f.kind) {
    case 'documented':
      return { description, enum: ['present', 'absent', 'not_stated', null] };
    case 'number':
      if (range) return rangeSchema(description);
      return f.unit === 'percent'
        ? { description, type: ['number', 'null'], minimum: 0, maximum: 100 }
        : { description, type: ['number', 'null'], minimum: 0 };
    case 'count':
      return { description, type: ['array', 'null'] };
    case 'total':
    case 'elapsed':
    case 'records':
      // Never reached: a total reads no path of its own and records are list shapes (see `place`).
      return { description };
    case 'codes':
      return {
        description,
        type: ['array', 'null'],
        // An entry is a coded entry: one without its code (null, "" or left out) is malformed, never "not stated"
        // (it would otherwise leave an exclusion met), wherever the list is.
        items: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', minLength: 1 }, text: { type: ['string', 'null'] } },
        },
      };
    case 'text':
      return { description, type: ['string', 'null'] };
    case 'date':
      // A calendar date (the runtime's `date` format rejects 2016-02-30); null means not stated.
      return { description, type: ['string', 'null'], format: 'date' };
  }
}
