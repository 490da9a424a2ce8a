/** JSON Pointer escaping (RFC 6901), so error paths read like validation paths. No imports: bundled into compiled guidelines. */
export function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
