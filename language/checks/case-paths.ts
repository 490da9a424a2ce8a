/**
 * Every `from` path names a field the case file has: a misspelt `request.levles` would compile, never be stated,
 * and have the letter ask the provider for "request.levles". The vocabulary is the case-file schema itself
 * (runtime/case-file.schema.json), handed in as data by whoever runs the checker (the CLI and the compiler's
 * callers do), since language/ reads no files: `checkDocuments(sources, { caseFileSchema })`.
 *
 * Paths of facts are read from the case file's top; a records fact's fields from one entry of its list, and the
 * documentation items (`documentation.<item>`) must be among the items the schema lists, each with a description.
 */
import type { Document, Fact, Path } from '../ast.js';
import { UnknownCasePath, UnknownDocumentationItem } from '../codes.js';
import { closest } from '../suggest.js';
import type { CheckContext, Checks } from './context.js';

type Node = { readonly [key: string]: unknown };

const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The case-file schema, as walked by this check. */
class Vocabulary {
  readonly #definitions: Node;
  readonly root: Node;

  constructor(schema: Node) {
    this.root = schema;
    this.#definitions = isNode(schema['definitions']) ? schema['definitions'] : {};
  }

  /** The node with its `$ref` (to `#/definitions/…`) followed. */
  deref(node: Node): Node {
    for (let i = 0; i < 8; i++) {
      const ref = node['$ref'];
      if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return node;
      const target = this.#definitions[ref.slice('#/definitions/'.length)];
      if (!isNode(target)) return node;
      node = target;
    }
    return node;
  }

  /** A list's entry schema, or the node itself when it is not a list. */
  entry(node: Node): Node {
    const n = this.deref(node);
    return isNode(n['items']) ? this.deref(n['items']) : n;
  }

  /** The declared fields of an object node. */
  fields(node: Node): Node {
    const props = this.entry(node)['properties'];
    return isNode(props) ? props : {};
  }
}

/** Where a path first leaves the schema: the index of that segment, and a corrected path when one is close. */
function unknownAt(vocabulary: Vocabulary, start: Node, segments: readonly string[]): { index: number; suggestion: string[] | undefined } | null {
  let node = start;
  const corrected = [...segments];
  let first: number | null = null;
  let suggestable = true;
  for (let i = 0; i < segments.length; i++) {
    const fields = vocabulary.fields(node);
    const seg = segments[i]!;
    let next = Object.prototype.hasOwnProperty.call(fields, seg) ? fields[seg] : undefined;
    if (!isNode(next)) {
      first ??= i;
      const near = closest(seg, Object.keys(fields));
      next = near === undefined ? undefined : fields[near];
      if (near === undefined || !isNode(next)) {
        suggestable = false;
        break;
      }
      corrected[i] = near;
    }
    node = next;
  }
  if (first === null) return null;
  return { index: first, suggestion: suggestable ? corrected : undefined };
}

function checkPath(path: Path, start: Node, prefix: string, vocabulary: Vocabulary, ctx: CheckContext): Node | undefined {
  const found = unknownAt(vocabulary, start, path.segments);
  if (found === null) {
    let node = start;
    for (const seg of path.segments) node = vocabulary.fields(node)[seg] as Node;
    return node;
  }
  const written = path.segments.join('.');
  const suggestion = found.suggestion?.join('.');
  // `documentation.<item>`: one of the items the case file lists, or a new item to document there.
  if (prefix === '' && path.segments.length === 2 && path.segments[0] === 'documentation' && found.index === 1) {
    ctx.report(UnknownDocumentationItem, path.span, [path.segments[1]!, found.suggestion?.[1]], { suggestion });
    return undefined;
  }
  ctx.report(UnknownCasePath, path.span, [prefix + written, suggestion === undefined ? undefined : prefix + suggestion], { suggestion });
  return undefined;
}

/** The paths a fact reads: `from`, both ends of `elapsed`; a records fact also its fields, inside one entry. */
function checkFact(fact: Fact, start: Node, prefix: string, vocabulary: Vocabulary, ctx: CheckContext): void {
  const type = fact.type;
  switch (type.kind) {
    case 'Missing':
    case 'TotalType':
      return;
    case 'ElapsedType':
      for (const [p, pick] of [[type.path, type.fromPick], [type.to, type.toPick]] as const) {
        if (p.kind !== 'Path') continue;
        // `latest <records>.<date field>` names a records fact, not a case path (checks/numbers.ts checks it); so does
        // a field's `request.…`, which checks/numbers.ts reports as read inside each record (RUB1421, RUB1422).
        if (pick !== null || (prefix !== '' && p.segments[0] === 'request')) continue;
        checkPath(p, start, prefix, vocabulary, ctx);
      }
      return;
    case 'RecordsType': {
      if (type.path.kind !== 'Path') return;
      const list = checkPath(type.path, start, prefix, vocabulary, ctx);
      if (list === undefined) return; // its fields say nothing more until the list is right
      const entryPrefix = `${prefix}${type.path.segments.join('.')}[].`;
      for (const field of type.fields) checkFact(field, vocabulary.entry(list), entryPrefix, vocabulary, ctx);
      return;
    }
    default:
      if (type.path.kind === 'Path') checkPath(type.path, start, prefix, vocabulary, ctx);
  }
}

/** The check for a case-file schema (a JSON Schema object); no check when it is not one. */
export function casePathChecks(schema: unknown): Checks {
  if (!isNode(schema)) return {};
  const vocabulary = new Vocabulary(schema);
  const everyPathIsInTheCaseFile = (document: Document, ctx: CheckContext): void => {
    if (ctx.guideline === null) return;
    for (const section of document.sections) {
      if (section.kind !== 'Facts') continue;
      for (const fact of section.facts) checkFact(fact, vocabulary.root, '', vocabulary, ctx);
    }
  };
  return { Document: [everyPathIsInTheCaseFile] };
}
