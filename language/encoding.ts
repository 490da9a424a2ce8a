/**
 * Bytes of a `.rubric` file → its text. Rubric files are UTF-8 (a byte order mark is accepted and dropped). A file
 * saved in another encoding — Windows-1252 or Latin-1 from an older editor, UTF-16 from some Windows tools — is
 * not silently decoded into garbled letter text: it gets a RUB1007 error naming the encoding it looks like and
 * the line and column of the first byte that is not UTF-8, and its text is decoded in that encoding so the
 * error's excerpt reads correctly. Uses only `TextDecoder` (available in every JavaScript runtime).
 */
import { NotUtf8, diagnostic } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { SourceFile } from './source.js';

export interface DecodedSource {
  readonly source: SourceFile;
  /** Empty for UTF-8; one RUB1007 error otherwise. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The index of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** UTF-16 without a byte order mark: mostly text, with a zero byte beside nearly every ASCII character. */
function utf16Without(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return null;
}

const hex = (b: number): string => `byte 0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Windows-1252's characters for bytes 0x80–0x9F (0 where it has none); every other byte is its Latin-1 code point. */
const CP1252 = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** One character per byte (so offsets in the text are offsets in the file); not every runtime's decoder has it right. */
function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    const chunk = Array.from(bytes.subarray(i, i + 4096), (b) => (b >= 0x80 && b <= 0x9f ? CP1252[b - 0x80] || b : b));
    out += String.fromCharCode(...chunk);
  }
  return out;
}

function decode(encoding: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(encoding).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes); // a runtime without that decoder: replacement characters
  }
}

export function decodeSource(uri: string, bytes: Uint8Array): DecodedSource {
  // UTF-16 with a byte order mark, or without one.
  const bom16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  const utf16 = bom16 ?? utf16Without(bytes);
  if (utf16 !== null) {
    const source = new SourceFile(uri, decode(utf16, bytes.subarray(bom16 === null ? 0 : 2)));
    const name = utf16 === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)';
    const first = bom16 !== null ? 0 : bytes.indexOf(0);
    const byte = bytes[first] ?? 0;
    return { source, diagnostics: [diagnostic(NotUtf8, uri, { start: 0, end: Math.min(1, source.text.length) }, [name, 1, 1, hex(byte)])] };
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8Byte(body);
  if (bad < 0) return { source: new SourceFile(uri, decode('utf-8', body)), diagnostics: [] };
  // One byte per character: offsets in the text are offsets in the file.
  const windows1252 = body.some((b) => b >= 0x80 && b <= 0x9f);
  const name = windows1252 ? 'Windows-1252' : 'Latin-1 (ISO-8859-1) or Windows-1252';
  const source = new SourceFile(uri, decodeWindows1252(body));
  const at = source.positionAt(bad);
  const written = source.text.charAt(bad);
  const byte = `${hex(body[bad]!)}, '${written}' in ${windows1252 ? 'Windows-1252' : 'Latin-1'}`;
  return { source, diagnostics: [diagnostic(NotUtf8, uri, { start: bad, end: bad + 1 }, [name, at.line, at.column, byte])] };
}
