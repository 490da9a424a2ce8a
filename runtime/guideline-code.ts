/**
 * A guideline's code (bundle format 4), from the bytes load.ts verified to its entry points — synchronously, the
 * first time the guideline is used. `guidelines/<id>.js` is a script (compiler/bundle.ts: one strict-mode IIFE,
 * the runtime helpers it uses inlined, no import or export); it is compiled with node:vm as the body of a function
 * whose one parameter is `define` (`vm.compileFunction`, in this realm, so its objects and arrays are this realm's),
 * and called once. It gets no `require`, no module scope and no `import()` (no dynamic-import callback is given, so
 * one is an error): it reaches nothing but `define` and the global built-ins. It must hand `define` its entry points
 * (`GuidelineCode`) exactly once, while it runs. Never throws: a script that does not compile, throws, or defines
 * something else is a LoadError naming its file.
 */
import { compileFunction } from 'node:vm';
import type { GuidelineCode } from './contract.js';
import { describeThrown, err, ok, type Result } from './result.js';
import { isRecord, type LoadError } from './verify.js';

export function compileGuidelineCode(path: string, bytes: Uint8Array): Result<GuidelineCode, LoadError> {
  const fail = (code: LoadError['code'], message: string) => err<LoadError>({ code, file: path, message });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('import_failed', `${path} could not be compiled: it is not UTF-8 text.`);
  }
  let run: (define: (code: unknown) => void) => unknown;
  try {
    run = compileFunction(text, ['define'], { filename: path }) as typeof run;
  } catch (e) {
    return fail('import_failed', `${path} could not be compiled: ${describeThrown(e)}`);
  }
  const defined: unknown[] = [];
  let open = true;
  try {
    run.call(undefined, (code: unknown) => {
      if (open) defined.push(code);
    });
  } catch (e) {
    return fail('import_failed', `${path} failed when run: ${describeThrown(e)}`);
  } finally {
    open = false;
  }
  const code = defined[0];
  if (defined.length !== 1 || !isRecord(code)) {
    return fail('not_a_bundle', `${path} does not define a guideline: it must call define() once with its entry points (it did ${defined.length} times).`);
  }
  try {
    // Each entry point read once (a getter runs once), kept in a frozen object of our own.
    const entry = { check: code['check'], applies: code['applies'], evaluate: code['evaluate'] };
    for (const [name, f] of Object.entries(entry)) {
      if (typeof f !== 'function') return fail('not_a_bundle', `${path} defines a guideline without a ${name} function.`);
    }
    return ok(Object.freeze(entry) as GuidelineCode);
  } catch (e) {
    return fail('not_a_bundle', `${path} defines a guideline that cannot be read: ${describeThrown(e)}`);
  }
}
