/**
 * Visits every node of a document, depth first, running the checks registered for its kind (Langium's validation
 * registry): each check is guarded on its own, so one that throws becomes one RUB1999 at its node and every other
 * check still runs. The walker keeps the context (criterion, records in scope, as the links decided it) and does not
 * descend where a name could not be resolved: what is inside an expression about unknown records is not checked again.
 */
import type { Node } from '../ast.js';
import { isRecordsSymbol } from '../links.js';
import type { CheckContext, CheckFn, Checks } from './context.js';

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' &&
  typeof (value as { span?: unknown }).span === 'object';

/** The child nodes of a node, in property order. */
export function children(node: Node): Node[] {
  const result: Node[] = [];
  const record = node as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) result.push(item);
    } else if (isNode(value)) {
      result.push(value);
    }
  }
  return result;
}

/** The context for the children of `node`, or null to skip them. */
function enter(node: Node, ctx: CheckContext): CheckContext | null {
  switch (node.kind) {
    case 'Uses':
    case 'Sources':
    case 'Facts':
    case 'Criteria':
      // A library's sources, facts and criteria are reported once (RUB1310), not checked inside.
      return ctx.scope.kind === 'library' ? null : ctx;
    case 'Criterion':
      return { ...ctx, criterion: node };
    case 'Fact':
      return node.type.kind === 'RecordsType' ? { ...ctx, records: node } : ctx;
    case 'RecordCount':
    case 'AnyRecord':
    case 'EveryRecord': {
      if (node.records.kind === 'Missing' || ctx.guideline === null) return null;
      const found = ctx.links.declarationOf(node.records);
      return isRecordsSymbol(found) ? { ...ctx, records: found.node } : null;
    }
    default:
      return ctx;
  }
}

/** Reports a check that threw, at the node it was checking. */
export type OnCheckFailure = (check: CheckFn<never>, node: Node, error: unknown) => void;

export function walk(node: Node, ctx: CheckContext, checks: Checks, failed: OnCheckFailure): void {
  if (node.kind === 'Missing') return;
  const fns = (checks[node.kind] ?? []) as readonly CheckFn<Node>[];
  for (const fn of fns) {
    try {
      fn(node, ctx);
    } catch (error) {
      failed(fn as CheckFn<never>, node, error);
    }
  }
  const inner = enter(node, ctx);
  if (inner === null) return;
  for (const child of children(node)) {
    walk(child, inner, checks, failed);
  }
}

/** Merges several families of checks into one registry. */
export function mergeChecks(...families: Checks[]): Checks {
  const merged: Record<string, CheckFn<never>[]> = {};
  for (const family of families) {
    for (const [kind, fns] of Object.entries(family)) {
      (merged[kind] ??= []).push(...((fns ?? []) as unknown as CheckFn<never>[]));
    }
  }
  return merged as Checks;
}
