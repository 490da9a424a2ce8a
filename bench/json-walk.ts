/**
 * The floor `npm run bench` prints beside the evaluators (`json-walk`): every value of a case visited once and its
 * type tested, the fields of an object listed as Rubric's case reader lists them (runtime/case-reader.ts: by
 * `Object.keys`, and by `for...in` inside a list of `MANY` entries or more) — and nothing else: no copy, no size
 * limit, no cycle or getter guard, no schema, no criteria. It is not an evaluator. Rubric's service path holds every
 * value of the case to the JSON rules (stress part 2's oracle and compiler/emit-validation.test.ts require it, in
 * fields the guideline does not read too), so its reader walks the case this way and does more at each value: this
 * walk's time is what reading the case costs before any check.
 */
import { hasOwn, MANY } from '../runtime/case-reader.js';

/** How many values `x` holds, itself included (0 for a value that is not JSON data: a function, a symbol, NaN…). */
export function jsonWalk(x: unknown, inLongList = false): number {
  switch (typeof x) {
    case 'string':
    case 'boolean':
      return 1;
    case 'number':
      return x - x === 0 ? 1 : 0;
    case 'object': {
      if (x === null) return 1;
      let n = 1;
      if (Array.isArray(x)) {
        const long = x.length >= MANY;
        for (let i = 0; i < x.length; i++) n += jsonWalk(x[i], long);
        return n;
      }
      if (inLongList && Object.getPrototypeOf(x) === Object.prototype) {
        for (const k in x) if (hasOwn.call(x, k)) n += jsonWalk((x as Record<string, unknown>)[k], true);
        return n;
      }
      const keys = Object.keys(x);
      for (let i = 0; i < keys.length; i++) n += jsonWalk((x as Record<string, unknown>)[keys[i]!], inLongList);
      return n;
    }
    default:
      return 0;
  }
}
