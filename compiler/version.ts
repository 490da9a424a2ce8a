/**
 * This package's version, from its package.json: one folder up from compiler/ (the sources), two up from
 * dist/compiler/ (the build, where the CLI bundle and its chunks live too). Read once; no heavy imports, so
 * `rubric --version` stays cheap and the manifest names the same version from a clone and from an installed package.
 */
import { readFileSync } from 'node:fs';

export const PACKAGE_VERSION: string = readPackageVersion();

function readPackageVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'rubric' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // not there: try the next place
    }
  }
  return '0.0.0';
}
