/**
 * A guideline's TypeScript module → its script (`guidelines/<id>.js`, bundle format 4), with esbuild: the runtime
 * helpers it imports inlined (and tree-shaken: only those it uses), as one strict-mode IIFE with no import or export,
 * which the runtime compiles with node:vm as the body of a function of `define` (runtime/guideline-code.ts).
 * Deterministic: the entry is `stdin` with a fixed virtual file name (the same for every guideline), the working
 * directory is the package root (so the paths esbuild prints in comments are relative, `runtime/logic.ts`), no
 * source maps, no legal comments, ASCII output, no timestamps.
 */
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the folder holding `package.json` and `runtime/`), whatever the process's cwd: one folder up
 * from `compiler/bundle.ts`, two from the built `dist/compiler/*.js` (the CLI is bundled into `dist/compiler/cli.js`). Either way esbuild bundles the same
 * `runtime/*.ts` sources (the package ships them), so a bundle is byte-identical from a clone and an installed package.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL(/\/dist\/compiler\/[^/]+\.js$/.test(import.meta.url) ? '../..' : '..', import.meta.url));

/** The name esbuild gives the generated entry in its output comments. */
export const ENTRY_NAME = 'rubric-guideline.ts';

export const ESBUILD_VERSION: string = esbuild.version;

export type BundleResult =
  | { readonly ok: true; readonly code: Uint8Array; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly errors: readonly string[] };

export async function bundle(moduleText: string, root: string = PACKAGE_ROOT): Promise<BundleResult> {
  try {
    const result = await esbuild.build({
      stdin: { contents: moduleText, loader: 'ts', resolveDir: root, sourcefile: ENTRY_NAME },
      tsconfigRaw: '{}', // no tsconfig.json lookup: the folders above an installed package must not change the bytes
      absWorkingDir: root,
      bundle: true,
      write: false,
      format: 'iife',
      // Strict mode, as the module was: the runtime compiles the script as a function body, where this is its prologue.
      banner: { js: '"use strict";' },
      platform: 'neutral',
      target: 'es2022',
      charset: 'ascii',
      legalComments: 'none',
      sourcemap: false,
      minify: false,
      treeShaking: true,
      logLevel: 'silent',
      outfile: 'guideline.js',
    });
    const file = result.outputFiles[0];
    if (result.errors.length > 0 || file === undefined) {
      return { ok: false, errors: result.errors.length > 0 ? result.errors.map(message) : ['esbuild wrote no output'] };
    }
    return { ok: true, code: file.contents, warnings: result.warnings.map(message) };
  } catch (e) {
    const failure = e as { errors?: esbuild.Message[] };
    if (Array.isArray(failure.errors) && failure.errors.length > 0) return { ok: false, errors: failure.errors.map(message) };
    return { ok: false, errors: [e instanceof Error ? e.message : String(e)] };
  }
}

function message(m: esbuild.Message): string {
  const at = m.location === null ? '' : `${m.location.file}:${m.location.line}:${m.location.column}: `;
  return `${at}${m.text}`;
}
