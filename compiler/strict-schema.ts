/**
 * Two JSON Schemas of one value combined into the one that accepts what both accept, written as one schema a
 * reader can follow: types intersected (`integer` within `number`), the higher minimum and lower maximum, enums
 * intersected, required fields joined, properties and list entries combined field by field. A keyword the two
 * state differently in a way that cannot be combined keeps both (the second under `allOf`).
 *
 * Used to make each guideline's case schema at least as strict as runtime/case-file.schema.json where it reads.
 */
type Json = { [key: string]: unknown };

const isNode = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Keywords about the schema, not the value: the first schema's are kept. */
const ANNOTATIONS = new Set(['description', 'title', '$schema', '$id', 'definitions', '$comment']);

const typesOf = (t: unknown): string[] => ([] as unknown[]).concat(t).map(String);

function intersectTypes(a: unknown, b: unknown): string[] {
  const ta = typesOf(a);
  const tb = typesOf(b);
  const out: string[] = [];
  for (const t of ta) {
    if (tb.includes(t)) out.push(t);
    else if (t === 'number' && tb.includes('integer')) out.push('integer');
    else if (t === 'integer' && tb.includes('number')) out.push('integer');
  }
  return [...new Set(out)];
}

export function strictest(a: Json, b: Json | undefined): Json {
  if (b === undefined) return a;
  const out: Json = { ...a };
  const conflicts: Json = {};
  for (const [key, value] of Object.entries(b)) {
    if (ANNOTATIONS.has(key)) {
      if (!(key in out) && key === 'description') out[key] = value;
      continue;
    }
    if (!(key in out)) {
      define(out, key, value);
      continue;
    }
    const mine = out[key];
    if (same(mine, value)) continue;
    switch (key) {
      case 'type': {
        const types = intersectTypes(mine, value);
        if (types.length === 0) conflicts[key] = value;
        else out[key] = types.length === 1 ? types[0] : types;
        break;
      }
      case 'enum': {
        const values = Array.isArray(mine) && Array.isArray(value) ? mine.filter((m) => value.some((v) => same(m, v))) : [];
        if (values.length === 0) conflicts[key] = value;
        else out[key] = values;
        break;
      }
      case 'minimum':
      case 'exclusiveMinimum':
      case 'minLength':
      case 'minItems':
        out[key] = Math.max(Number(mine), Number(value));
        break;
      case 'maximum':
      case 'exclusiveMaximum':
      case 'maxLength':
      case 'maxItems':
        out[key] = Math.min(Number(mine), Number(value));
        break;
      case 'required':
        out[key] = [...new Set([...typesOf(mine), ...typesOf(value)])];
        break;
      case 'properties': {
        const props: Json = {};
        const ours = isNode(mine) ? mine : {};
        const theirs = isNode(value) ? value : {};
        for (const k of Object.keys(ours)) define(props, k, isNode(ours[k]) ? strictest(ours[k], isNode(theirs[k]) ? theirs[k] : undefined) : ours[k]);
        for (const k of Object.keys(theirs)) if (!Object.prototype.hasOwnProperty.call(ours, k)) define(props, k, theirs[k]);
        out[key] = props;
        break;
      }
      case 'items':
      case 'additionalProperties':
        if (isNode(mine) && isNode(value)) out[key] = strictest(mine, value);
        else conflicts[key] = value;
        break;
      default:
        conflicts[key] = value;
    }
  }
  if (Object.keys(conflicts).length > 0) out['allOf'] = [...(Array.isArray(out['allOf']) ? out['allOf'] : []), conflicts];
  return out;
}

/** defineProperty: a case path segment may be `__proto__`, which plain assignment would not store. */
function define(o: Json, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}
