/**
 * Go to definition, find references, rename (with prepareRename) for every kind of name — facts, fields, value
 * sets, sources, thresholds, criteria, routes, libraries — across files, read from the stored links
 * (language/links.ts): `symbolAt` under the cursor, `usesOf` for the rest, placeholders `{name}` in reason text
 * included. Nothing is resolved here.
 */
import { ErrorCodes, ResponseError, type Location, type Position, type Range, type WorkspaceEdit } from 'vscode-languageserver';
import type { Name } from '../../../language/index.js';
import type { Symbol } from '../../../language/links.js';
import type { FileState, Snapshot } from '../analysis.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function at(snapshot: Snapshot, file: FileState, position: Position) {
  return snapshot.links?.symbolAt(file.uri, file.lines.offsetAt(position));
}

function location(snapshot: Snapshot, uri: string, name: Name): Location | undefined {
  const lines = snapshot.files.get(uri)?.lines;
  return lines && { uri, range: lines.range(name.span) };
}

export function definition(snapshot: Snapshot, file: FileState, position: Position): Location | null {
  const found = at(snapshot, file, position);
  return (found && location(snapshot, found.symbol.uri, found.symbol.nameNode)) ?? null;
}

function occurrences(snapshot: Snapshot, symbol: Symbol, withDeclaration: boolean): Location[] {
  const out: Location[] = [];
  if (withDeclaration) {
    const d = location(snapshot, symbol.uri, symbol.nameNode);
    if (d) out.push(d);
  }
  for (const use of snapshot.links?.usesOf(symbol) ?? []) {
    const l = location(snapshot, use.uri, use.name);
    if (l) out.push(l);
  }
  return out;
}

export function references(snapshot: Snapshot, file: FileState, position: Position, includeDeclaration: boolean): Location[] {
  const found = at(snapshot, file, position);
  return found ? occurrences(snapshot, found.symbol, includeDeclaration) : [];
}

export function prepareRename(snapshot: Snapshot, file: FileState, position: Position): { range: Range; placeholder: string } | null {
  const found = at(snapshot, file, position);
  if (!found) return null;
  return { range: file.lines.range(found.name.span), placeholder: found.symbol.name };
}

export function rename(snapshot: Snapshot, file: FileState, position: Position, newName: string): WorkspaceEdit | ResponseError<void> | null {
  const found = at(snapshot, file, position);
  if (!found) return null;
  if (!IDENTIFIER.test(newName)) return new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is not a name: use letters, digits and _, starting with a letter.`);
  const changes: Record<string, { range: Range; newText: string }[]> = {};
  for (const l of occurrences(snapshot, found.symbol, true)) (changes[l.uri] ??= []).push({ range: l.range, newText: newName });
  return { changes };
}
