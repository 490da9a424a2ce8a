/**
 * The case-file schema (`case-file.schema.json`) cut down to the paths one guideline reads.
 *
 * A guideline's own schema says what kind of value each fact reads; the case-file schema says what a well-formed
 * case file holds there: types, the key field every list entry must have (`diagnoses[].code`), patterns, lengths,
 * formats. `readPathsSchema(requirements)` is the case-file schema along the guideline's paths only, so a guideline
 * is at least as strict as the case file where it reads and no stricter where it does not:
 *
 * - along a path, each object and list keeps its own constraints (a list entry must be an object, not null, with
 *   its required key fields);
 * - a value the guideline reads whole (a code list, a count of levels, a number, a date) keeps its whole schema:
 *   `levels: [null, null, null]` is three field errors, not three levels;
 * - a list of records keeps its own and its entries' constraints, and the fields the guideline reads.
 *
 * The compiler merges this into each guideline's `caseSchema`; the runtime checks it as well, so a bundle with a
 * looser schema still never evaluates malformed entries. Pure data in, data out; never throws.
 */
import caseFileSchema from './case-file.schema.json' with { type: 'json' };
import type { DataRequirement } from './contract.js';

export type SchemaNode = { readonly [key: string]: unknown };

const isNode = (v: unknown): v is SchemaNode => v !== null && typeof v === 'object' && !Array.isArray(v);

const ROOT = caseFileSchema as unknown as SchemaNode;
const DEFINITIONS = (ROOT['definitions'] ?? {}) as Readonly<Record<string, SchemaNode>>;

/** A node with its `$ref` replaced by the definition (the node's own keywords, such as `description`, win). */
function deref(node: SchemaNode): SchemaNode {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  const name = ref.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : null;
  const target = name === null ? undefined : DEFINITIONS[name];
  const { $ref: _ref, ...rest } = node;
  return target === undefined ? rest : { ...deref(target), ...rest };
}

/** A node with every `$ref` inside it replaced, so it stands on its own in another schema. */
export function resolved(node: SchemaNode): SchemaNode {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(deref(node))) {
    if (key === 'properties' && isNode(value)) {
      const props: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) define(props, k, isNode(v) ? resolved(v) : v);
      out[key] = props;
    } else if ((key === 'items' || key === 'additionalProperties') && isNode(value)) {
      out[key] = resolved(value);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((v: unknown) => (isNode(v) ? resolved(v) : v));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** A node's own constraints, without what it says about the values inside it. */
function own(node: SchemaNode): Record<string, unknown> {
  const { properties: _p, items: _i, additionalProperties: _a, ...rest } = deref(node);
  return { ...rest };
}

/** The case-file schema of a property of an object node: declared, or what the object allows for other keys. */
function property(node: SchemaNode, key: string): SchemaNode | undefined {
  const n = deref(node);
  const props = n['properties'];
  if (isNode(props) && Object.prototype.hasOwnProperty.call(props, key) && isNode(props[key])) return props[key];
  const extra = n['additionalProperties'];
  return isNode(extra) ? extra : undefined;
}

function entries(node: SchemaNode): SchemaNode | undefined {
  const items = deref(node)['items'];
  return isNode(items) ? items : undefined;
}

/** `prior_treatments[].response.initial_relief_percent` → prior_treatments, [], response, initial_relief_percent. */
function segments(path: string): string[] {
  return path
    .split('.')
    .flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]))
    .filter((s) => s !== '');
}

/** The case-file schema at a dotted path (`[]` steps into list entries), or undefined where it says nothing. */
export function caseFileSchemaAt(path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = ROOT;
  for (const seg of segments(path)) {
    if (node === undefined) return undefined;
    node = seg === '[]' ? entries(node) : property(node, seg);
  }
  return node === undefined ? undefined : resolved(node);
}

/** A projection node for a case-file node: its own constraints, and the whole schema of each field it requires. */
function projection(file: SchemaNode): Projection {
  const p: Projection = { schema: own(file), props: new Map(), items: null, whole: false };
  const required = p.schema['required'];
  if (Array.isArray(required)) {
    for (const key of required) {
      const field = typeof key === 'string' ? property(file, key) : undefined;
      if (field !== undefined) p.props.set(key as string, { schema: resolved(field), props: new Map(), items: null, whole: true });
    }
  }
  return p;
}

interface Projection {
  schema: Record<string, unknown>;
  props: Map<string, Projection>;
  items: Projection | null;
  /** Read whole: the complete case-file schema is kept, nothing more to add. */
  whole: boolean;
}

/** The case-file schema along the paths the guideline reads (see the file comment). */
export function readPathsSchema(requirements: readonly Pick<DataRequirement, 'path' | 'kind'>[]): SchemaNode {
  const root: Projection = { schema: {}, props: new Map(), items: null, whole: false };
  for (const r of requirements) {
    if (r === null || typeof r !== 'object' || typeof r.path !== 'string') continue;
    let file: SchemaNode | undefined = ROOT;
    let at = root;
    const segs = segments(r.path);
    for (let i = 0; i < segs.length && file !== undefined && !at.whole; i++) {
      const seg = segs[i]!;
      file = seg === '[]' ? entries(file) : property(file, seg);
      if (file === undefined) break;
      let next: Projection | undefined = seg === '[]' ? at.items ?? undefined : at.props.get(seg);
      if (next === undefined) {
        next = projection(file);
        if (seg === '[]') at.items = next;
        else at.props.set(seg, next);
      }
      at = next;
      if (i === segs.length - 1) {
        if (r.kind === 'records') {
          // A list of records: the list's and its entries' own constraints; fields come with their own paths.
          const item = entries(file);
          if (item !== undefined && at.items === null) at.items = projection(item);
        } else {
          at.schema = resolved(file);
          at.props.clear();
          at.items = null;
          at.whole = true;
        }
      }
    }
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', ...render(root) };
}

function render(p: Projection): Record<string, unknown> {
  if (p.whole) return p.schema;
  const out: Record<string, unknown> = { ...p.schema };
  if (p.props.size > 0) {
    const props: Record<string, unknown> = {};
    for (const [k, v] of p.props) define(props, k, render(v));
    out['properties'] = props;
  }
  if (p.items !== null) out['items'] = render(p.items);
  return out;
}

/** defineProperty: a path segment may be `__proto__`, which plain assignment would not store. */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
