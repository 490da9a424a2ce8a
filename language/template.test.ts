import { describe, expect, test } from 'vitest';
import type { Text } from './ast.js';
import { closest } from './suggest.js';
import { parseTemplate } from './template.js';

/** A Text node as the parser builds it for `raw` written at `offset` in a file. */
const text = (raw: string, offset = 10): Text => ({
  kind: 'Text',
  span: { start: offset, end: offset + raw.length },
  raw,
  value: raw.slice(1, -1).replace(/\\(["\\])/g, '$1'),
});

describe('reason templates', () => {
  test('split into text and placeholders', () => {
    expect(parseTemplate(text('"The request is for {requested_levels} levels."')).parts).toEqual([
      { kind: 'text', text: 'The request is for ' },
      { kind: 'fact', fact: 'requested_levels' },
      { kind: 'text', text: ' levels.' },
    ]);
  });

  test('{matched} is the entries that decided an exclusion', () => {
    expect(parseTemplate(text('"Diagnosed with {matched}."')).parts).toContainEqual({ kind: 'matched' });
  });

  test('{{ and }} are literal braces; an unclosed brace is just a brace', () => {
    expect(parseTemplate(text('"{{not}} a {placeholder"')).parts).toEqual([{ kind: 'text', text: '{not} a {placeholder' }]);
  });

  test('each placeholder points at its braces in the file, counting escapes as written', () => {
    const raw = '"say \\"hi\\" \\\\ {x}"';
    const parsed = parseTemplate(text(raw, 100));
    const p = parsed.placeholders[0];
    expect(p?.name).toBe('x');
    expect(raw.slice((p?.span.start ?? 0) - 100, (p?.span.end ?? 0) - 100)).toBe('{x}');
    expect(parsed.parts[0]).toEqual({ kind: 'text', text: 'say "hi" \\ ' });
  });
});

describe('did you mean', () => {
  test('suggests the closest name when it is close', () => {
    expect(closest('radiculapathy', ['radiculopathy', 'spinal_stenosis'])).toBe('radiculopathy');
    expect(closest('odgg', ['odg', 'acoem_ch8'])).toBe('odg');
  });

  test('suggests nothing when every name is far', () => {
    expect(closest('whiplash', ['radiculopathy', 'spinal_stenosis'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });

  test('a difference of case only is the closest', () => {
    expect(closest('Diagnoses', ['diagnose', 'diagnoses'])).toBe('diagnoses');
  });
});
