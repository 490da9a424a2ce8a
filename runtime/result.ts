/**
 * Errors as values: every runtime entry point that can fail on its input returns a `Result` instead of
 * throwing, so a service can answer a bad request without a try/catch around every call.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error });

/** What a caught exception says, for an error value; never throws itself (a throwing getter or toString). */
export function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unprintable error';
  }
}
