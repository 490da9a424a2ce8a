/**
 * evaluateRequest: each requested item is decided by the guideline that covers it (procedure code, then body
 * region, then service wording), among those whose scope the case meets; "no guideline applies" and malformed items
 * are results, never exceptions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, test } from 'vitest';
import { evaluateRequest, MAX_ITEMS, type ItemResult, type RequestEvaluation } from './evaluate-request.js';
import { fakeBundle, withScopes } from './testdata/fake-bundle.js';
import { validateCaseFile } from './validate-case.js';

const bundle = fakeBundle({
  cervical_facet: { label: 'Facet joint injection, cervical', codes: ['cpt 64490', 'cpt 64491', 'cpt 64492'], region: 'cervical' },
  lumbar_mri: { label: 'MRI, lumbar spine', codes: ['cpt 72148', 'cpt 72149'], region: 'lumbar' },
  lumbar_esi: { label: 'Epidural steroid injection, lumbar', codes: ['cpt 62322', 'cpt 64483'], region: 'lumbar' },
  knee_mri: { label: 'MRI, knee (lower extremity joint)', codes: ['cpt 73721'], region: 'knee' },
  manual_therapy: { label: 'Chiropractic manipulation and manual therapy', codes: ['cpt 98940', 'cpt 97140'] },
  physical_medicine: { label: 'Physical therapy (physical medicine)', codes: ['cpt 97110', 'cpt 97140'] },
  opioids_acute: { label: 'Opioid analgesic for acute or subacute pain' },
  opioids_chronic: { label: 'Opioid analgesic for chronic pain' },
  tens: { label: 'TENS unit, home use', codes: ['hcpcs E0720'] },
});

const cpt = (...codes: string[]) => codes.map((code) => ({ system: 'CPT', code }));
const only = (result: RequestEvaluation): ItemResult => {
  expect(result.errors).toEqual([]);
  expect(result.items).toHaveLength(1);
  return result.items[0] as ItemResult;
};
const chosen = (item: ItemResult) => item.considered.filter((c) => c.status === 'chosen').map((c) => c.guideline);
const covering = (item: ItemResult) => item.considered.filter((c) => c.status !== 'not_for_this_item').map((c) => `${c.guideline}:${c.status}`);

describe('choosing the guideline for a requested item', () => {
  it('chooses by procedure code: the guideline listing the requested CPT code decides', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'Facet injections', codes: cpt('64490', '64491'), body_region: 'cervical', visits: 2 } }));
    expect(item.status).toBe('decided');
    expect(item.determination?.guideline.id).toBe('cervical_facet');
    expect(item.determination?.outcome).toBe('medically_necessary');
    expect(chosen(item)).toEqual(['cervical_facet']);
    expect(item.considered[0]).toMatchObject({ guideline: 'cervical_facet', match: 'code', scope: 'met', why: 'Chosen: CPT 64490 and CPT 64491 are among its codes' });
    expect(item.note).toBe('Guideline cervical_facet (cervical_facet) decides this item: CPT 64490 and CPT 64491 are among its codes.');
    expect(item.request).toEqual({ service: 'Facet injections', codes: [{ system: 'CPT', code: '64490' }, { system: 'CPT', code: '64491' }], body_regions: ['cervical'] });
  });

  it('matches codes without regard to case or surrounding spaces, and the system must agree', () => {
    const item = only(evaluateRequest(bundle, { request: { codes: [{ system: 'HCPCS', code: ' e0720 ' }] } }));
    expect(item.determination?.guideline.id).toBe('tens');
    const wrongSystem = only(evaluateRequest(bundle, { request: { codes: [{ system: 'CPT', code: 'E0720' }] } }));
    expect(wrongSystem.status).toBe('no_guideline_applies');
  });

  it('chooses by body region and service wording when the item names no code', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'MRI of the knee', body_region: 'Knee' } }));
    expect(item.determination?.guideline.id).toBe('knee_mri');
    expect(item.considered[0]).toMatchObject({
      match: 'region',
      why: 'Chosen: it covers the knee region, the item\'s body region, and its service "MRI, knee (lower extremity joint)" shares "mri" with the service requested',
    });
  });

  it('a body region alone does not choose a guideline: many services treat one region', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'Hydrocodone/acetaminophen 5/325 mg #40', body_region: 'lumbar' } }));
    expect(item.status).toBe('no_guideline_applies');
    expect(item.considered.find((c) => c.guideline === 'lumbar_esi')?.why).toBe(
      'Not for this item: it covers the lumbar region, but the service requested does not name its service ("Epidural steroid injection, lumbar")',
    );
    // The region's own word in the wording says where, not what: "lumbar" does not make an MRI an injection.
    const mri = only(evaluateRequest(bundle, { request: { service: 'Lumbar MRI without contrast', body_region: 'lumbar' } }));
    expect(covering(mri)).toEqual(['lumbar_mri:chosen']);
  });

  it('reads request.body_regions[] beside request.body_region', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'MRI', body_regions: ['shoulder', 'knee'] } }));
    expect(item.determination?.guideline.id).toBe('knee_mri');
    expect(item.request.body_regions).toEqual(['shoulder', 'knee']);
  });

  it('among region matches, the larger share of the guideline\'s service words decides before the guideline id', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'MRI, then epidural steroid injection', body_region: 'lumbar' } }));
    expect(covering(item)).toEqual(['lumbar_esi:chosen', 'lumbar_mri:also_covers']);
    expect(item.considered[1]?.why).toMatch(/; ranked after lumbar_esi: its service label shares fewer of its words with the service requested$/);
  });

  it('a code match beats a region-only match', () => {
    // 64483 (a lumbar ESI code) with the lumbar region: lumbar_mri covers the region but lists other codes.
    const item = only(evaluateRequest(bundle, { request: { service: 'Lumbar MRI', codes: cpt('64483'), body_region: 'lumbar' } }));
    expect(item.determination?.guideline.id).toBe('lumbar_esi');
    expect(item.considered.find((c) => c.guideline === 'lumbar_mri')).toMatchObject({
      status: 'not_for_this_item',
      why: 'Not for this item: its codes (CPT 72148, CPT 72149) do not include CPT 64483',
    });
  });

  it('a guideline for another body region is not chosen even when the code matches', () => {
    const item = only(evaluateRequest(bundle, { request: { codes: cpt('64490'), body_region: 'thoracic' } }));
    expect(item.status).toBe('no_guideline_applies');
    expect(item.considered.find((c) => c.guideline === 'cervical_facet')?.why).toBe('Not for this item: it covers the cervical region; the item is for thoracic');
  });

  it('two guidelines listing the same code: the service wording decides, then the guideline id', () => {
    const chiro = only(evaluateRequest(bundle, { request: { service: 'Chiropractic manipulation, 6 visits', codes: cpt('97140') } }));
    expect(chiro.determination?.guideline.id).toBe('manual_therapy');
    const therapy = only(evaluateRequest(bundle, { request: { service: 'Physical therapy 2x4', codes: cpt('97140') } }));
    expect(therapy.determination?.guideline.id).toBe('physical_medicine');
    const neither = only(evaluateRequest(bundle, { request: { codes: cpt('97140') } }));
    expect(neither.determination?.guideline.id).toBe('manual_therapy');
    expect(neither.considered[1]?.why).toMatch(/ranked after manual_therapy: the match is otherwise equal, and guideline ids decide in alphabetical order$/);
    expect(neither.note).toMatch(/One other guideline also covers it: physical_medicine\.$/);
  });

  it('more of the requested codes matched ranks first', () => {
    const item = only(evaluateRequest(bundle, { request: { codes: cpt('97110', '97140') } }));
    expect(item.determination?.guideline.id).toBe('physical_medicine');
    expect(item.considered[1]?.why).toMatch(/ranked after physical_medicine: it matches fewer of the requested codes$/);
  });

  it('falls back to the service wording when neither codes nor region decide', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'Opioid analgesic (hydrocodone) for chronic low back pain' } }));
    expect(item.determination?.guideline.id).toBe('opioids_chronic');
    expect(item.considered[0]).toMatchObject({ match: 'service', why: 'Chosen: its service "Opioid analgesic for chronic pain" shares "opioid", "analgesic", "chronic" and "pain" with the service requested' });
  });
});

describe('scope', () => {
  it('a guideline whose scope is not met does not apply; the next one that covers the item decides', () => {
    const source = withScopes(bundle, { opioids_chronic: { status: 'not_met', text: 'the injury is 2 weeks old; the chronic pain guideline does not apply to an acute injury' } });
    const item = only(evaluateRequest(source, { request: { service: 'Opioid analgesic for chronic pain' } }));
    expect(item.determination?.guideline.id).toBe('opioids_acute');
    expect(item.considered.find((c) => c.guideline === 'opioids_chronic')).toMatchObject({
      status: 'does_not_apply',
      scope: 'not_met',
      why: 'Does not apply: its service "Opioid analgesic for chronic pain" shares "opioid", "analgesic", "chronic" and "pain" with the service requested, but the case is outside its scope: the injury is 2 weeks old; the chronic pain guideline does not apply to an acute injury',
    });
  });

  it('when every guideline that covers the item is outside its scope, no guideline applies', () => {
    const source = withScopes(bundle, { cervical_facet: { status: 'not_met', text: 'the request is postoperative' } });
    const item = only(evaluateRequest(source, { request: { codes: cpt('64490') } }));
    expect(item).toMatchObject({ status: 'no_guideline_applies', determination: null, note: 'No guideline applies to this item: cervical_facet covers it but does not apply to this case.' });
  });

  it('a guideline whose scope is met beats one whose scope is not documented', () => {
    const source = withScopes(bundle, { manual_therapy: { status: 'not_documented', text: 'the date of injury is not stated' } });
    const item = only(evaluateRequest(source, { request: { codes: cpt('97140') } }));
    expect(item.determination?.guideline.id).toBe('physical_medicine');
    expect(item.considered[1]).toMatchObject({
      guideline: 'manual_therapy',
      status: 'also_covers',
      scope: 'not_documented',
      why: 'Also covers this item: CPT 97140 is one of its codes; whether it applies could not be confirmed: the date of injury is not stated; ranked after physical_medicine: a guideline whose scope is met ranks before one whose scope is not documented',
    });
  });

  it('a guideline whose scope is not documented is still chosen when it is the only one', () => {
    const source = withScopes(bundle, { tens: { status: 'not_documented', text: 'the date of injury is not stated' } });
    const item = only(evaluateRequest(source, { request: { codes: [{ system: 'HCPCS', code: 'E0720' }] } }));
    expect(item.determination?.guideline.id).toBe('tens');
    expect(item.considered[0]).toMatchObject({ status: 'chosen', scope: 'not_documented' });
  });
});

describe('no guideline applies', () => {
  it('is a clear result naming what the item asked for, not an error', () => {
    const item = only(evaluateRequest(bundle, { request: { service: 'Hyperbaric oxygen', codes: cpt('99183') } }));
    expect(item).toMatchObject({
      item: 0,
      path: '/request',
      status: 'no_guideline_applies',
      determination: null,
      errors: [],
      note: 'No guideline applies to this item: no guideline in the bundle covers the service requested ("Hyperbaric oxygen"; CPT 99183).',
    });
    expect(item.considered).toHaveLength(bundle.guidelineIds().length);
    expect(item.considered.every((c) => c.status === 'not_for_this_item' && c.why.startsWith('Not for this item: '))).toBe(true);
  });

  it('says so when the item names nothing to choose by (and a case without request is one such item)', () => {
    for (const caseData of [{}, { request: null }, { request: { visits: 3 } }]) {
      const item = only(evaluateRequest(bundle, caseData));
      expect(item.note).toBe('No guideline applies to this item: it names no service, procedure code or body region.');
    }
  });
});

describe('several requested items', () => {
  it('decides each item under its own guideline, in the case file order', () => {
    const result = evaluateRequest(bundle, {
      patient: { age: 50 },
      requests: [
        { service: 'Cervical facet injections', codes: cpt('64490'), visits: 1 },
        { service: 'Knee MRI', codes: cpt('73721') },
        { service: 'Acupuncture', codes: cpt('97810') },
      ],
    });
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => [i.item, i.path, i.status, i.determination?.guideline.id ?? null, i.determination?.outcome ?? null])).toEqual([
      [0, '/requests/0', 'decided', 'cervical_facet', 'medically_necessary'],
      [1, '/requests/1', 'decided', 'knee_mri', 'insufficient_information'],
      [2, '/requests/2', 'no_guideline_applies', null, null],
    ]);
  });

  it("evaluates each item as the case with request = that item: one item's numbers never reach another", () => {
    const result = evaluateRequest(bundle, { requests: [{ codes: cpt('64490'), visits: 4 }, { codes: cpt('64490') }] });
    expect(result.items.map((i) => i.determination?.reasons[0]?.evidence)).toEqual([[{ path: 'request.visits', value: 4 }], [{ path: 'request.visits', value: null }]]);
  });

  it('a malformed second item gets field errors at its case-file paths; the other items are still decided', () => {
    const result = evaluateRequest(bundle, {
      requests: [{ codes: cpt('64490') }, { service: 'Knee MRI', codes: [{ system: 'ICD', code: '73721' }], levels: 'three' }, { codes: cpt('73721') }],
    });
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => i.status)).toEqual(['decided', 'invalid_item', 'decided']);
    const bad = result.items[1] as ItemResult;
    expect(bad).toMatchObject({ item: 1, determination: null, considered: [], request: { service: 'Knee MRI', codes: [] } });
    expect(bad.errors.map((e) => e.path).sort()).toEqual(['/requests/1/codes/0/system', '/requests/1/levels']);
    expect(bad.errors.find((e) => e.path === '/requests/1/codes/0/system')?.message).toBe('must be one of "CPT", "HCPCS", not text ("ICD")');
  });

  it('an entry that is null, a list or text is an invalid item, not "not stated"', () => {
    const result = evaluateRequest(bundle, { requests: [null, ['x'], 'knee', { codes: cpt('73721') }] });
    expect(result.items.map((i) => i.status)).toEqual(['invalid_item', 'invalid_item', 'invalid_item', 'decided']);
    expect(result.items.map((i) => i.errors.map((e) => e.path))).toEqual([['/requests/0'], ['/requests/1'], ['/requests/2'], []]);
  });

  it('body_regions must be a list of text', () => {
    const item = only(evaluateRequest(bundle, { requests: [{ body_regions: 'knee' }] }));
    expect(item.status).toBe('invalid_item');
    expect(item.errors.map((e) => e.path)).toContain('/requests/0/body_regions');
  });

  it('request and requests together, requests that is not a list, an empty list, too many items: field errors for the case file', () => {
    expect(evaluateRequest(bundle, { request: { codes: cpt('64490') }, requests: [{ codes: cpt('73721') }] })).toEqual({
      items: [],
      errors: [{ path: '/requests', message: 'is given together with request: give one requested item as request, or several as requests, not both' }],
    });
    expect(evaluateRequest(bundle, { requests: { codes: cpt('64490') } }).errors).toEqual([{ path: '/requests', message: 'must be a list of requested items, not object' }]);
    expect(evaluateRequest(bundle, { requests: [] }).errors).toEqual([{ path: '/requests', message: 'must have at least one requested item' }]);
    const many = Array.from({ length: MAX_ITEMS + 1 }, () => ({}));
    expect(evaluateRequest(bundle, { requests: many }).errors[0]?.path).toBe('/requests');
  });

  it('the case-file schema describes requests[] as items shaped like request', () => {
    expect(validateCaseFile({ requests: [{ codes: cpt('64490') }] }).ok).toBe(true);
    const checked = validateCaseFile({ requests: [{ codes: [{ system: 'ICD', code: '1' }] }, null] });
    expect(checked.ok ? [] : checked.error.map((e) => e.path)).toEqual(['/requests/0/codes/0/system', '/requests/1']);
    expect(validateCaseFile({ requests: [] }).ok).toBe(false);
  });

  it('requests: null is not stated, and request is the one item', () => {
    const item = only(evaluateRequest(bundle, { request: { codes: cpt('73721') }, requests: null }));
    expect(item).toMatchObject({ path: '/request', status: 'decided' });
  });
});

describe('hostile input never escapes as an exception', () => {
  it('answers non-objects, throwing getters, proxies and cycles with field errors', () => {
    for (const caseData of [undefined, null, 42, 'case', [], new Date(0)]) {
      const result = evaluateRequest(bundle, caseData);
      expect(result.items).toEqual([]);
      expect(result.errors[0]?.path).toBe('');
    }
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(evaluateRequest(bundle, revoked.proxy).errors).toHaveLength(1);
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error('no'); } });
    expect(evaluateRequest(bundle, throwing).errors).toEqual([{ path: '', message: 'could not be read' }]);
    const getter = { get patient(): never { throw new Error('no'); }, requests: [{ codes: cpt('64490') }] };
    expect(evaluateRequest(bundle, getter).errors).toEqual([{ path: '/patient', message: 'could not be read' }]);
  });

  it('a throwing, cyclic or proxied item is that item\'s field error; the others are decided', () => {
    const cyclic: Record<string, unknown> = { codes: cpt('64490') };
    cyclic['self'] = cyclic;
    const requests = [
      { codes: cpt('73721') },
      new Proxy({}, { get: () => { throw new Error('no'); }, ownKeys: () => ['service'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) }),
      cyclic,
      { get codes(): never { throw new Error('no'); } },
    ];
    const list = new Proxy(requests, { get: (target, key) => (key === '1' ? target[1] : Reflect.get(target, key)) });
    const result = evaluateRequest(bundle, { requests: list });
    expect(result.errors).toEqual([]);
    expect(result.items.map((i) => i.status)).toEqual(['decided', 'invalid_item', 'invalid_item', 'invalid_item']);
    expect(result.items[2]?.errors[0]?.path).toBe('/requests/2/self');
    expect(result.items[3]?.errors).toEqual([{ path: '/requests/3/codes', message: 'could not be read' }]);
  });

  it('a list entry that cannot be read is that item\'s field error', () => {
    const list = new Proxy([{ codes: cpt('73721') }, {}], { get: (target, key) => { if (key === '1') throw new Error('no'); return Reflect.get(target, key); } });
    const result = evaluateRequest(bundle, { requests: list });
    expect(result.items.map((i) => [i.status, i.errors])).toEqual([['decided', []], ['invalid_item', [{ path: '/requests/1', message: 'could not be read' }]]]);
  });

  it('keys such as __proto__ and constructor are plain data', () => {
    const caseData = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "requests": [{"__proto__": {"codes": [{"system": "CPT", "code": "64490"}]}, "codes": [{"system": "CPT", "code": "73721"}]}]}') as unknown;
    const item = only(evaluateRequest(bundle, caseData));
    expect(item.determination?.guideline.id).toBe('knee_mri');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('a guideline that throws or cannot be read blocks only the items it could have decided', () => {
    const source = {
      guidelineIds: () => [...bundle.guidelineIds(), 'broken'],
      guideline: (id: string) => (id === 'broken' ? { ...bundle.guideline('knee_mri')!, id: 'broken', title: 'Broken' } : bundle.guideline(id)),
      evaluate: (id: string, caseData: unknown) => {
        if (id === 'broken') throw new Error('boom');
        return bundle.evaluate(id, caseData);
      },
    };
    const result = evaluateRequest(source, { requests: [{ codes: cpt('73721') }, { codes: cpt('64490') }] });
    expect(result.items.map((i) => i.status)).toEqual(['evaluation_failed', 'decided']);
    expect(result.items[0]?.note).toBe('No determination: guideline broken covers this item but could not be evaluated (boom).');
    expect(result.items[1]?.considered.find((c) => c.guideline === 'broken')?.status).toBe('not_for_this_item');

    const unreadable = { ...source, guideline: (id: string) => (id === 'broken' ? new Proxy({} as never, { get: () => { throw new Error('bad meta'); } }) : bundle.guideline(id)) };
    // Unreadable metadata could have covered any item: it does not block a code match, but "no guideline applies" cannot be said.
    const second = evaluateRequest(unreadable, { requests: [{ codes: cpt('64490') }, { codes: cpt('99183') }] });
    expect(second.items.map((i) => i.status)).toEqual(['decided', 'evaluation_failed']);
    expect(second.items[0]?.considered.find((c) => c.guideline === 'broken')?.why).toMatch(/^Could not be evaluated: its service could not be read \(bad meta\)$/);
  });

  it('a source that answers with something other than a Result fails only the items it could have decided', () => {
    const source = { ...bundle, guidelineIds: () => ['knee_mri', 'cervical_facet'], evaluate: (id: string, c: unknown) => (id === 'knee_mri' ? (undefined as never) : bundle.evaluate(id, c)) };
    const result = evaluateRequest(source, { requests: [{ codes: cpt('73721') }, { codes: cpt('64490') }] });
    expect(result.items.map((i) => i.status)).toEqual(['evaluation_failed', 'decided']);
    expect(result.items[0]?.note).toBe('No determination: guideline knee_mri covers this item but could not be evaluated (it returned no determination).');
  });

  it('a source whose id list throws is a case-level error', () => {
    const source = { ...bundle, guidelineIds: (): never => { throw new Error('ids'); } };
    expect(evaluateRequest(source, { request: {} })).toEqual({ items: [], errors: [{ path: '', message: 'could not be evaluated (ids)' }] });
  });
});

describe('the guidelines are read once per bundle', () => {
  it('a frozen source (a LoadedBundle) is read once; any other source on each call', () => {
    let reads = 0;
    const counting = { ...bundle, guideline: (id: string) => { reads++; return bundle.guideline(id); } };
    const caseData = { request: { codes: cpt('73721') } };
    const frozen = Object.freeze({ ...counting });
    expect(evaluateRequest(frozen, caseData)).toEqual(evaluateRequest(bundle, caseData));
    evaluateRequest(frozen, caseData);
    expect(reads).toBe(bundle.guidelineIds().length);
    reads = 0;
    evaluateRequest(counting, caseData);
    evaluateRequest(counting, caseData);
    expect(reads).toBe(2 * bundle.guidelineIds().length);
  });
});

describe('the JSON shape', () => {
  it('is plain data: items with their request, determination, considered, note and errors', () => {
    const result = bundle.evaluateRequest({ requests: [{ service: 'Knee MRI', codes: cpt('73721'), visits: 1 }] });
    const json = JSON.parse(JSON.stringify(result)) as unknown;
    expect(json).toEqual(result);
    expect(Object.keys(result)).toEqual(['items', 'errors']);
    const item = result.items[0] as ItemResult;
    expect(Object.keys(item)).toEqual(['item', 'path', 'status', 'request', 'determination', 'considered', 'note', 'errors']);
    expect(item.considered[0]).toEqual({
      guideline: 'knee_mri',
      title: 'Guideline knee_mri',
      status: 'chosen',
      match: 'code',
      scope: 'met',
      why: 'Chosen: CPT 73721 is one of its codes',
    });
    expect(item.determination).toEqual(bundle.evaluate('knee_mri', { request: { service: 'Knee MRI', codes: cpt('73721'), visits: 1 } }).ok
      ? (bundle.evaluate('knee_mri', { request: { service: 'Knee MRI', codes: cpt('73721'), visits: 1 } }) as { value: unknown }).value
      : null);
  });
});

test('the request files import nothing from language/ or compiler/', () => {
  for (const file of ['evaluate-request', 'select-guideline', 'render-request']) {
    const text = readFileSync(new URL(`./${file}.ts`, import.meta.url), 'utf8');
    expect(text, file).not.toMatch(/from '\.\.\//);
  }
});
