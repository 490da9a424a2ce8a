/**
 * `list.map(f)`, built by `push`, for lists that optimised code reads later. V8's optimised `Array.prototype.map`
 * allocates its result at full length and fills it in, which gives the array a "holey" hidden class, while the
 * unoptimised `map` gives a packed one: the lists a function made before V8 optimised it and those it made after differ,
 * and every optimised function reading them (links, the checks, the walk, the model builder) is thrown away when it
 * meets the second kind (`--trace-deopt`: "wrong map", some twenty times in a process's 2nd to 5th checks). Built by
 * `push`, a list keeps one hidden class however hot the code that builds it is.
 */
export function listOf<T, U>(list: readonly T[] | undefined, f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  if (list) for (let i = 0; i < list.length; i++) out.push(f(list[i] as T, i));
  return out;
}
