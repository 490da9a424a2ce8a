/** Types of big-guideline.mjs (plain JavaScript, so that latency.mjs runs under plain Node). */
export declare const ROOT: string;
export declare const LIBRARIES: readonly string[];
export declare function bigGuideline(lines: number): string;
