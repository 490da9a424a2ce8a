/**
 * The letter for several requested items: one section per item (what it asks for, which guideline decides it and
 * why, that guideline's determination as render.ts writes it), then a summary; case text is escaped in Markdown.
 */
import { describe, expect, it } from 'vitest';
import { evaluateRequest } from './evaluate-request.js';
import { renderMarkdown, renderText } from './render.js';
import { renderRequestMarkdown, renderRequestText } from './render-request.js';
import { fakeBundle } from './testdata/fake-bundle.js';

const bundle = fakeBundle({
  knee_mri: { label: 'MRI, knee', codes: ['cpt 73721'], region: 'knee', title: 'MRI of the knee' },
  cervical_facet: { label: 'Facet joint injection, cervical', codes: ['cpt 64490'], region: 'cervical', title: 'Cervical facet injections' },
});
const cpt = (code: string) => [{ system: 'CPT', code }];

const result = evaluateRequest(bundle, {
  requests: [
    { service: 'Knee MRI', codes: cpt('73721'), body_region: 'knee', visits: 1 },
    { service: 'Hyperbaric oxygen', codes: cpt('99183') },
    { service: 'Facet injection', codes: [{ system: 'ICD', code: '64490' }] },
  ],
});

describe('the text letter', () => {
  const text = renderRequestText(result);

  it('has one section per item, with the chosen guideline, the others considered and the determination as render.ts writes it', () => {
    const d = result.items[0]?.determination;
    if (!d) throw new Error('expected a determination');
    expect(text.startsWith(`Determination of 3 requested items

Item 1 of 3: Knee MRI
  Codes: CPT 73721; body region: knee
  MRI of the knee (knee_mri) decides this item: CPT 73721 is one of its codes.
  Guidelines considered:
    - knee_mri: Chosen: CPT 73721 is one of its codes
    1 other guideline covers other services.

${renderText(d)}
Item 2 of 3: Hyperbaric oxygen
  Codes: CPT 99183
  No guideline applies to this item: no guideline in the bundle covers the service requested ("Hyperbaric oxygen"; CPT 99183).
  Guidelines considered:
    None of the 2 guidelines in the bundle covers this service.

Item 3 of 3: Facet injection
  This item cannot be matched to a guideline until the fields listed are corrected.
  Fields to correct:
    - /requests/2/codes/0/system: must be one of "CPT", "HCPCS", not text ("ICD")
`)).toBe(true);
  });

  it('ends with a summary of every item\'s decision', () => {
    expect(text.endsWith(`
Summary:
  1. Knee MRI: medically necessary (knee_mri)
  2. Hyperbaric oxygen: no guideline applies
  3. Facet injection: not decided: the item is invalid
`)).toBe(true);
  });

  it('lists the case file\'s own errors when no item can be read', () => {
    const both = evaluateRequest(bundle, { request: {}, requests: [{}] });
    expect(renderRequestText(both)).toBe(`Determination of 0 requested items

The case file cannot be evaluated until these fields are corrected:
  - /requests: is given together with request: give one requested item as request, or several as requests, not both
`);
  });

  it('keeps each line one line whatever the case text holds', () => {
    const odd = renderRequestText(evaluateRequest(bundle, { request: { service: 'Knee\nMRI\r\nnow', codes: cpt('73721') } }));
    expect(odd).toContain('Item 1 of 1: Knee MRI now\n');
  });
});

describe('the Markdown letter', () => {
  const markdown = renderRequestMarkdown(result);

  it('nests each determination under its item heading', () => {
    const d = result.items[0]?.determination;
    if (!d) throw new Error('expected a determination');
    const nested = renderMarkdown(d).replace(/^(#{1,4}) /gm, '##$1 ');
    expect(markdown).toContain(`## Item 1 of 3: Knee MRI\n\nCodes: \`CPT 73721\`; body region: knee\n\n`);
    expect(markdown).toContain(nested.trimEnd());
    expect(markdown).toContain('### MRI of the knee: medically necessary');
    expect(markdown.endsWith('## Summary\n\n1. Knee MRI: medically necessary (knee\\_mri)\n2. Hyperbaric oxygen: no guideline applies\n3. Facet injection: not decided: the item is invalid\n')).toBe(true);
  });

  it('escapes case text so it cannot become markup', () => {
    const hostile = evaluateRequest(bundle, {
      requests: [
        { service: '# <script>alert(1)</script> *MRI* [x](javascript:1)', codes: [{ system: 'CPT', code: '73721`' }], body_region: 'knee' },
        { service: '1. Knee\n# heading\r# another', codes: cpt('99183') },
      ],
    });
    const text = renderRequestMarkdown(hostile);
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('*MRI*');
    expect(text).not.toMatch(/[^\\]\]\(/);
    expect(text).toContain('## Item 1 of 2: # \\<script\\>alert(1)\\</script\\> \\*MRI\\* \\[x\\](javascript:1)');
    expect(text).toContain('`CPT 73721`');
    expect(text).not.toMatch(/^# heading|[\r]/m);
    expect(text).toMatch(/^No guideline applies to this item: no guideline in the bundle covers the service requested \("1\. Knee # heading # another"; CPT 99183\)\.$/m);
  });
});
