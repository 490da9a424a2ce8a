/**
 * Case data → data a guideline can evaluate, or field errors in plain words.
 *
 * Two steps: `toJsonData` makes a frozen, null-prototype JSON copy (NaN, cycles, throwing getters and oversized
 * input become field errors; null properties are dropped as "not stated"), then the guideline's `caseSchema`
 * (JSON Schema draft-07) checks it with ajv. Each schema is compiled once per guideline object and cached.
 * Nothing here throws on any input.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import caseFileSchema from './case-file.schema.json' with { type: 'json' };
import type { CaseFile } from './case-file.js';
import { readPathsSchema } from './case-file-paths.js';
import type { CompiledGuideline } from './contract.js';
import { isIsoDate, TYPE_WORDS, valueWords } from './case-reader.js';
import { pointerEscape } from './pointer.js';
import { toJsonData, LIMITS, type FieldError } from './json-data.js';
import { err, ok, type Result } from './result.js';

export type { FieldError } from './json-data.js';
export { isIsoDate } from './case-reader.js';

/** Checks case data; `value` is the frozen JSON copy to evaluate. */
export type CaseValidator = (data: unknown) => Result<unknown, readonly FieldError[]>;

/**
 * Compile a JSON Schema into a validator. Fails (never throws) when the schema itself is unusable. `alsoSchema`, when
 * given, is checked too; its errors are added for fields the first schema has not already reported.
 */
export function compileCaseSchema(schema: unknown, alsoSchema?: unknown): Result<CaseValidator, string> {
  let validate: ValidateFunction;
  let also: ValidateFunction | null = null;
  try {
    validate = newAjv().compile(schema as object);
    if (alsoSchema !== undefined) also = newAjv().compile(alsoSchema as object);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  return ok((data: unknown) => {
    const json = toJsonData(data);
    if (!json.ok) return json;
    try {
      const errors = validate(json.value) ? [] : fieldErrors(validate.errors ?? []);
      if (also !== null && !also(json.value)) {
        const reported = new Set(errors.map((e) => e.path));
        for (const e of fieldErrors(also.errors ?? [])) if (!reported.has(e.path) && errors.length < LIMITS.maxErrors) errors.push(e);
      }
      return errors.length === 0 ? ok(json.value) : err(errors);
    } catch (e) {
      return err([{ path: '', message: `could not be checked (${e instanceof Error ? e.message : String(e)})` }]);
    }
  });
}

/**
 * One Ajv per schema: two guidelines may reuse the same `$id` without clashing. ownProperties: a field is present
 * only when the case states it, never because Object.prototype has that name. $data: a requested range's `max` is at
 * least its `min` (`{ "minimum": { "$data": "1/min" } }`).
 */
function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, logger: false, ownProperties: true, $data: true });
  ajv.addFormat('date', { type: 'string', validate: isIsoDate });
  return ajv;
}

const validators = new WeakMap<CompiledGuideline, Result<CaseValidator, string>>();

/**
 * The validator for a guideline's `caseSchema`, compiled on first use. It also checks the case-file schema along the
 * paths the guideline reads (its `requirements`), so no bundle evaluates a null list entry, an entry without its key
 * field or an empty code, whatever its own schema allows.
 */
export function caseValidator(guideline: CompiledGuideline): Result<CaseValidator, string> {
  let validator = validators.get(guideline);
  if (validator === undefined) {
    const requirements = Array.isArray(guideline.requirements) ? guideline.requirements : [];
    validator = compileCaseSchema(guideline.caseSchema, readPathsSchema(requirements));
    validators.set(guideline, validator);
  }
  return validator;
}

let generalValidator: Result<CaseValidator, string> | undefined;

/** Check data against the general case-file schema (`case-file.schema.json`), whatever guideline will read it. */
export function validateCaseFile(data: unknown): Result<CaseFile, readonly FieldError[]> {
  generalValidator ??= compileCaseSchema(caseFileSchema);
  if (!generalValidator.ok) return err([{ path: '', message: `the case-file schema is unusable: ${generalValidator.error}` }]);
  return generalValidator.value(data) as Result<CaseFile, readonly FieldError[]>;
}

/** Ajv errors → one plain-words error per field, in the order ajv found them. */
function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const described = describe(error);
    if (described === null) continue;
    const key = `${described.path}\u0000${described.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(described);
    if (out.length >= LIMITS.maxErrors) break;
  }
  return out;
}

function describe(error: ErrorObject): FieldError | null {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: `${path}/${pointerEscape(String(params['missingProperty']))}`, message: 'is required' };
    case 'type': {
      const types = ([] as unknown[]).concat(params['type']).map(String).filter((t) => t !== 'null');
      const words = types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      return { path, message: `must be ${words}, not ${valueWords(error.data)}` };
    }
    case 'enum': {
      const allowed = ((params['allowedValues'] as unknown[] | undefined) ?? []).filter((v) => v !== null);
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, not ${valueWords(error.data)}` };
    }
    case 'const':
      return { path, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'minimum':
      // A range's max below its min (the limit is `{ "$data": "1/min" }`).
      if (typeof parent['minimum'] === 'object') return { path, message: `must not be less than min (${String(params['limit'])})` };
      return { path, message: `must be at least ${String(params['limit'])}` };
    case 'maximum':
      return { path, message: `must be at most ${String(params['limit'])}` };
    case 'exclusiveMinimum':
      return { path, message: `must be more than ${String(params['limit'])}` };
    case 'exclusiveMaximum':
      return { path, message: `must be less than ${String(params['limit'])}` };
    case 'minItems':
      return { path, message: `must have at least ${String(params['limit'])} entries` };
    case 'maxItems':
      return { path, message: `must have at most ${String(params['limit'])} entries` };
    case 'minLength':
      return { path, message: Number(params['limit']) === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters long` };
    case 'maxLength':
      return { path, message: `must be at most ${String(params['limit'])} characters long` };
    case 'format':
      return { path, message: params['format'] === 'date' ? 'must be a date written YYYY-MM-DD' : `must be in ${String(params['format'])} format` };
    case 'pattern': {
      const description = typeof parent['description'] === 'string' ? parent['description'] : null;
      return { path, message: `is not in the expected form${description === null ? '' : ` (${description})`}` };
    }
    case 'additionalProperties':
      return { path: `${path}/${pointerEscape(String(params['additionalProperty']))}`, message: 'is not a field this guideline accepts' };
    case 'anyOf':
    case 'oneOf':
      return { path, message: 'does not match any of the accepted forms' };
    case 'if':
      return null; // the failing branch reports its own errors
    default:
      return { path, message: error.message ?? 'is not valid' };
  }
}
