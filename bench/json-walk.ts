/**
 * The floor `npm run bench` prints beside the evaluators (`json-walk`): every value of a case visited once and its
 * type tested — lists entered by index, objects by `Object.keys` — and nothing else: no copy, no size limit, no cycle
 * or getter guard, no schema, no criteria. It is not an evaluator. Rubric's service path holds every value of the case
 * to the JSON rules (stress part 2's oracle and compiler/emit-validation.test.ts require it, in fields the guideline
 * does not read too), so it does at least this walk for every case before it decides anything: the walk's time is
 * the least the case reader can cost.
 */

/** How many values `x` holds, itself included (0 for a value that is not JSON data: a function, a symbol, NaN…). */
export function jsonWalk(x: unknown): number {
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
        for (let i = 0; i < x.length; i++) n += jsonWalk(x[i]);
        return n;
      }
      const keys = Object.keys(x);
      for (let i = 0; i < keys.length; i++) n += jsonWalk((x as Record<string, unknown>)[keys[i]!]);
      return n;
    }
    default:
      return 0;
  }
}
