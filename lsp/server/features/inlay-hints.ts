/** Inlay hints: a threshold's value beside each use of it (`levels_at_once` → `= 2 levels`), not at its declaration. */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { Name, Node } from '../../../language/index.js';
import { isMissing } from '../../../language/index.js';
import { quantityText } from '../../../language/resolve.js';
import type { FileState, Snapshot } from '../analysis.js';
import { children } from '../locate.js';

export function inlayHints(snapshot: Snapshot, file: FileState, range: Range | undefined): InlayHint[] {
  const links = snapshot.links;
  if (links === undefined) return [];
  const span = file.lines.span(range ?? { start: { line: 0, character: 0 }, end: { line: file.lines.lineCount, character: 0 } });
  const out: InlayHint[] = [];
  const visit = (chain: Node[]) => {
    const node = chain.at(-1);
    if (node === undefined || node.span.end < span.start || node.span.start > span.end) return;
    if (node.kind === 'Name') {
      const d = links.declarationOf(node as Name);
      if (d?.kind === 'threshold' && d.nameNode !== node && !isMissing(d.node.value)) {
        out.push({ position: file.lines.positionAt(node.span.end), label: `= ${quantityText(d.node.value)}`, kind: InlayHintKind.Parameter, paddingLeft: true });
      }
      return;
    }
    for (const c of children(node)) visit([...chain, c as Node]);
  };
  visit([file.parsed.document]);
  return out;
}
