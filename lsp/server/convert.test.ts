/** The offset ↔ position converter clamps everything: no NaN, no range outside the text, CRLF lines. */
import { describe, expect, test } from 'vitest';
import { LineIndex } from './convert.js';

describe('LineIndex', () => {
  const lines = new LineIndex('guideline x\r\n  title "X"\nend');
  test('positions and offsets round-trip over \\r\\n and \\n', () => {
    expect(lines.positionAt(13)).toEqual({ line: 1, character: 0 });
    expect(lines.offsetAt({ line: 2, character: 1 })).toBe(26);
    expect(lines.offsetAt({ line: 0, character: 999 })).toBe(11); // the end of line 0, before its \r\n
  });
  test('NaN, negative and past-the-end values are clamped', () => {
    expect(lines.positionAt(Number.NaN)).toEqual({ line: 0, character: 0 });
    expect(lines.positionAt(-5)).toEqual({ line: 0, character: 0 });
    expect(lines.positionAt(10_000)).toEqual({ line: 2, character: 3 });
    expect(lines.offsetAt({ line: 1e9, character: 0 })).toBe(28);
    expect(lines.offsetAt({ line: -1, character: -1 })).toBe(0);
    expect(lines.offsetAt(null)).toBe(0);
    expect(lines.range({ start: Number.NaN, end: Number.POSITIVE_INFINITY })).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect(lines.range({ start: 20, end: 5 })).toEqual({ start: { line: 1, character: 7 }, end: { line: 1, character: 7 } });
  });
  test('a text with only \\n line ends has the same lines as one with \\r\\n', () => {
    const lf = new LineIndex('a\nbc\n\nd');
    expect(lf.lineCount).toBe(4);
    expect([0, 2, 5, 6, 7].map((o) => lf.positionAt(o))).toEqual([
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
      { line: 3, character: 1 },
    ]);
    expect(lf.offsetAt({ line: 1, character: 99 })).toBe(4);
  });
});
