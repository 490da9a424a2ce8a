/**
 * Where the cursor is in a syntax tree: the chain of nodes whose span holds an offset, outermost first. The walk is
 * generic over the AST (every node is an object with `kind` and `span`), so a new node kind needs no change here.
 */
import type { Node, Span } from '../../language/index.js';

type AnyNode = { readonly kind: string; readonly span: Span };

const isNode = (v: unknown): v is AnyNode =>
  typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && typeof (v as { span?: unknown }).span === 'object';

/** The direct children of a node, in source order. */
export function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'comments') continue;
    if (Array.isArray(value)) for (const v of value) if (isNode(v)) out.push(v);
    if (isNode(value)) out.push(value);
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/** Nodes containing `offset` (an end offset counts, so a name is found with the cursor just after it). */
export function pathAt(root: AnyNode, offset: number): Node[] {
  const chain: Node[] = [];
  let current: AnyNode | undefined = root;
  while (current !== undefined) {
    chain.push(current as Node);
    current = children(current).find((c) => c.kind !== 'Missing' && c.span.start <= offset && offset <= c.span.end && c.span.end > c.span.start);
  }
  return chain;
}

/** Every node below `root`, depth first. */
export function* descendants(root: AnyNode): Generator<Node> {
  for (const child of children(root)) {
    yield child as Node;
    yield* descendants(child);
  }
}

/** Nodes that start before `offset`, descending into the last such child at each level (the statement being written). */
export function chainBefore(root: AnyNode, offset: number): Node[] {
  const chain: Node[] = [];
  let current: AnyNode | undefined = root;
  while (current !== undefined) {
    chain.push(current as Node);
    current = children(current)
      .filter((c) => c.kind !== 'Missing' && c.span.start < offset && c.span.end > c.span.start)
      .at(-1);
  }
  return chain;
}
