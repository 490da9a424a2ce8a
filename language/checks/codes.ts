/** Clinical codes have the shape their system gives them (ICD-10-CM, CPT, HCPCS Level II). */
import type { CodeList, CodeSystem } from '../ast.js';
import { InvalidCode } from '../codes.js';
import type { CheckContext, Checks } from './context.js';
import { systemName } from './describe.js';

const shapes: Record<CodeSystem, { pattern: RegExp; example: string }> = {
  // Letter, digit, alphanumeric, then optionally a dot and 1–4 alphanumerics (M54.12, Z98.1, M48).
  icd10: { pattern: /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/i, example: 'M54.12' },
  // Five digits, or four digits and F (performance measures) or T (emerging technology).
  cpt: { pattern: /^([0-9]{5}|[0-9]{4}[FT])$/i, example: '64490' },
  // A letter and four digits.
  hcpcs: { pattern: /^[A-Z][0-9]{4}$/i, example: 'J1040' },
};

export const isValidCode = (system: CodeSystem, code: string): boolean => shapes[system].pattern.test(code);

function codesHaveTheirSystemsShape(list: CodeList, ctx: CheckContext): void {
  const shape = shapes[list.system];
  for (const code of list.codes) {
    if (!shape.pattern.test(code.code)) ctx.report(InvalidCode, code.span, [code.raw, systemName(list.system), shape.example]);
  }
}

export const codeChecks: Checks = {
  CodeList: [codesHaveTheirSystemsShape],
};
