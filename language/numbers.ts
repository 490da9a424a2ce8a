/** Numbers a request may state as a range: shared by the checks and the compiler (lower.ts, the case schema). */

/** Case paths a request may give as one number or as `{ "min": n, "max": n }` (e.g. "4-8 visits"). */
export const rangePaths: readonly string[] = [
  'request.visits',
  'request.sessions',
  'request.quantity',
  'request.frequency_per_week',
  'request.duration_weeks',
  'request.duration_days',
];

export const canHoldRange = (path: readonly string[]): boolean => rangePaths.includes(path.join('.'));
