/**
 * The validity oracle: whether a JSON case is one a guideline must decide, and which fields make it invalid,
 * decided independently of the runtime's validation: ajv over the guideline's case schema as the compiler wrote it
 * (`schemas/<id>.schema.json`), after dropping null properties (null and a missing field both mean "not stated",
 * README "The case file"), plus the runtime's documented size limits.
 *
 * The limits below are the runtime's (runtime/json-data.ts); the generators stay far from them (a text is either
 * short or well over the limit), so the oracle does not depend on where exactly a limit falls.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { dayNumber, normalise } from './interpret.js';

export const SIZE_LIMITS = { listLength: 10_000, textLength: 100_000, depth: 32, values: 1_000_000 } as const;

export type Verdict = { readonly valid: true } | { readonly valid: false; readonly paths: readonly string[] };

export type Oracle = (data: unknown) => Verdict;

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

export function caseOracle(schema: Record<string, unknown>): Oracle {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, $data: true, ownProperties: true, logger: false });
  ajv.addFormat('date', { type: 'string', validate: (s: string) => dayNumber(s) !== undefined });
  const validate: ValidateFunction = ajv.compile(schema);
  return (data) => {
    const tooLarge = sizeProblems(data);
    if (tooLarge.length > 0) return { valid: false, paths: tooLarge };
    const json = normalise(data);
    if (validate(json)) return { valid: true };
    return { valid: false, paths: [...new Set((validate.errors ?? []).flatMap(errorPath))] };
  };
}

function errorPath(e: ErrorObject): string[] {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'if') return [];
  if (e.keyword === 'required') return [`${e.instancePath}/${escape(String(params['missingProperty']))}`];
  if (e.keyword === 'additionalProperties') return [`${e.instancePath}/${escape(String(params['additionalProperty']))}`];
  return [e.instancePath];
}

/** Values beyond the size limits, by JSON Pointer: too long a text or list, too deep, too many values in all. */
function sizeProblems(data: unknown): string[] {
  const out: string[] = [];
  let values = 0;
  const visit = (v: unknown, path: string, depth: number): void => {
    values++;
    if (typeof v === 'string' && v.length > SIZE_LIMITS.textLength) out.push(path);
    if (v === null || typeof v !== 'object') return;
    if (depth >= SIZE_LIMITS.depth) {
      out.push(path);
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > SIZE_LIMITS.listLength) {
        out.push(path);
        return;
      }
      v.forEach((x, i) => visit(x, `${path}/${i}`, depth + 1));
    } else {
      for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], `${path}/${escape(k)}`, depth + 1);
    }
  };
  visit(data, '', 0);
  if (values > SIZE_LIMITS.values) out.push('');
  return out;
}
