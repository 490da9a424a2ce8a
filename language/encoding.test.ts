/** Issue 7: a `.rubric` file that is not UTF-8 gets an error naming its encoding, never garbled text. */
import { describe, expect, test } from 'vitest';
import { decodeSource, firstInvalidUtf8Byte } from './encoding.js';

const utf8 = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const utf16le = (s: string, bom = true) => {
  const out: number[] = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff, s.charCodeAt(i) >> 8);
  return Uint8Array.from(out);
};

const text = 'guideline g\n  title "Knee flexion below 90\u00b0"\n';

describe('decodeSource', () => {
  test('UTF-8 is read as it is, with no diagnostic', () => {
    const d = decodeSource('g.rubric', utf8(text));
    expect(d.source.text).toBe(text);
    expect(d.diagnostics).toEqual([]);
  });

  test('a UTF-8 byte order mark is accepted and dropped', () => {
    const d = decodeSource('g.rubric', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(d.source.text).toBe(text);
    expect(d.diagnostics).toEqual([]);
  });

  test('Latin-1 is an error at the first byte that is not UTF-8, and the text is read as Latin-1, not garbled', () => {
    const d = decodeSource('g.rubric', latin1(text));
    expect(d.source.text).toBe(text);
    expect(d.diagnostics).toHaveLength(1);
    const [e] = d.diagnostics;
    expect(e).toMatchObject({ code: 'RUB1007', severity: 'error', uri: 'g.rubric' });
    expect(d.source.positionAt(e!.span.start)).toEqual({ line: 2, column: 31 });
    expect(e!.message).toContain('it looks like Latin-1 (ISO-8859-1) or Windows-1252');
    expect(e!.message).toContain("(byte 0xB0, '°' in Latin-1) is at line 2, column 31");
  });

  test('Windows-1252 curly quotes name Windows-1252', () => {
    const bytes = Uint8Array.from([...utf8('reason '), 0x93, ...utf8('Not met.'), 0x94]);
    const d = decodeSource('g.rubric', bytes);
    expect(d.source.text).toBe('reason \u201cNot met.\u201d');
    expect(d.diagnostics[0]!.message).toContain("it looks like Windows-1252. The first byte that is not UTF-8 (byte 0x93, '\u201c' in Windows-1252) is at line 1, column 8");
  });

  test('UTF-16, with or without a byte order mark, is named as such', () => {
    for (const bytes of [utf16le(text), utf16le(text, false)]) {
      const d = decodeSource('g.rubric', bytes);
      expect(d.source.text).toBe(text);
      expect(d.diagnostics).toEqual([expect.objectContaining({ code: 'RUB1007', message: expect.stringContaining('it looks like UTF-16 (little-endian)') })]);
    }
  });
});

describe('firstInvalidUtf8Byte', () => {
  test('finds stray, truncated, overlong and surrogate sequences', () => {
    expect(firstInvalidUtf8Byte(utf8('ab\u00e9\u{1f600}'))).toBe(-1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x61, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x61, 0xc3]))).toBe(1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xe0, 0x80, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
  });
});
