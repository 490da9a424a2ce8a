/** Issue 7: a threshold placeholder prints its unit once, whether or not the reason names the unit after it. */
import { describe, expect, test } from 'vitest';
import { checkDocuments, SourceFile } from './index.js';

const guideline = (reason: string) => `guideline g
  title "G"
  version "1"
  recommendation recommended cite src
sources
  source src "S"
facts
  fact requested_levels "levels requested" count levels of request.levels
  fact relief "initial pain relief" number percent from documentation.relief
thresholds
  threshold levels_at_once "levels that may be blocked at any one time" 2 levels
  threshold relief_needed "initial pain relief needed" 70%
criteria
  criterion two_levels "No more than 2 levels."
    require requested_levels <= levels_at_once and relief >= relief_needed
    cite src
    reason "${reason}"
`;

const printed = (reason: string): string => {
  const checked = checkDocuments([new SourceFile('g.rubric', guideline(reason))]);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const parts = checked.model.guidelines[0]!.criteria[0]!.reason.parts;
  return parts.map((p) => (p.kind === 'text' ? p.text : `{${p.kind === 'fact' ? p.fact : p.kind}}`)).join('');
};

describe('threshold placeholders in reasons', () => {
  test('print the threshold with its unit', () => {
    expect(printed('No more than {levels_at_once} may be blocked at any one time.')).toBe('No more than 2 levels may be blocked at any one time.');
    expect(printed('Relief was below {relief_needed}.')).toBe('Relief was below 70%.');
  });

  test('print only the number when the reason names the unit right after it', () => {
    expect(printed('No more than {levels_at_once} facet joint levels may be blocked.')).toBe('No more than 2 facet joint levels may be blocked.');
    expect(printed('No more than {levels_at_once} levels.')).toBe('No more than 2 levels.');
    expect(printed('At most {levels_at_once} level at a time is not what it says.')).toBe('At most 2 level at a time is not what it says.');
    expect(printed('Relief of {relief_needed} percent or more.')).toBe('Relief of 70 percent or more.');
  });

  test('a unit word later in the sentence is not the placeholder\u2019s unit', () => {
    expect(printed('{levels_at_once}, not the 3 levels requested.')).toBe('2 levels, not the 3 levels requested.');
    expect(printed('{requested_levels} levels requested; more than {levels_at_once} at any one time.')).toBe(
      '{requested_levels} levels requested; more than 2 levels at any one time.',
    );
  });
});
