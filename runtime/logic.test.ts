import { describe, expect, test } from 'vitest';
import type { Evidence } from './contract.js';
import {
  MEMO_TEXT,
  MET,
  NOT_MET,
  UNKNOWN,
  type Tri,
  and3,
  at,
  atLeast3,
  countAtLeast,
  countAtMost,
  countOf,
  doc3,
  entryCode,
  entryKey,
  entryLabel,
  eq,
  fmtCodes,
  fmtCount,
  fmtDocumented,
  fmtValue,
  ge,
  gt,
  implies3,
  inCodes,
  inEntry,
  inValueSet,
  joinList,
  le,
  lt,
  not3,
  num,
  or3,
  read,
  scalar,
  textKey,
  status,
  valueSet,
  codeEvidence,
  KEY_STRIDE,
  add,
  amount,
  dayOf,
  earlierDay,
  elapsed,
  highEnd,
  laterDay,
  lowEnd,
  notStatedAs,
} from './logic.js';

const name = (t: Tri) => (t === MET ? 'met' : t === NOT_MET ? 'not_met' : 'unknown');
const ALL: Tri[] = [MET, NOT_MET, UNKNOWN];

describe('three-valued connectives', () => {
  test('and3: not met if any not met, else unknown if any unknown, else met', () => {
    const table = ALL.flatMap((a) => ALL.map((b) => `${name(a)} and ${name(b)} = ${name(and3(a, b))}`));
    expect(table).toEqual([
      'met and met = met',
      'met and not_met = not_met',
      'met and unknown = unknown',
      'not_met and met = not_met',
      'not_met and not_met = not_met',
      'not_met and unknown = not_met',
      'unknown and met = unknown',
      'unknown and not_met = not_met',
      'unknown and unknown = unknown',
    ]);
  });

  test('or3: met if any met, else unknown if any unknown, else not met', () => {
    const table = ALL.flatMap((a) => ALL.map((b) => `${name(a)} or ${name(b)} = ${name(or3(a, b))}`));
    expect(table).toEqual([
      'met or met = met',
      'met or not_met = met',
      'met or unknown = met',
      'not_met or met = met',
      'not_met or not_met = not_met',
      'not_met or unknown = unknown',
      'unknown or met = met',
      'unknown or not_met = unknown',
      'unknown or unknown = unknown',
    ]);
  });

  test('not3 swaps met and not met and keeps unknown', () => {
    expect(ALL.map((a) => name(not3(a)))).toEqual(['not_met', 'met', 'unknown']);
  });

  test('at least N of: met when N are met, not met when even the unknowns cannot reach N', () => {
    expect(name(atLeast3(2, 2, 0))).toBe('met');
    expect(name(atLeast3(2, 1, 1))).toBe('unknown');
    expect(name(atLeast3(2, 1, 0))).toBe('not_met');
    expect(name(atLeast3(0, 0, 0))).toBe('met');
  });

  test('every: a record that may not be selected matters only if it fails', () => {
    expect(ALL.flatMap((w) => ALL.map((h) => `${name(w)} => ${name(h)} = ${name(implies3(w, h))}`))).toEqual([
      'met => met = met',
      'met => not_met = not_met',
      'met => unknown = unknown',
      'not_met => met = met',
      'not_met => not_met = met',
      'not_met => unknown = met',
      'unknown => met = met',
      'unknown => not_met = unknown',
      'unknown => unknown = unknown',
    ]);
  });

  test('status maps met / not met / unknown to criterion statuses', () => {
    expect(ALL.map(status)).toEqual(['met', 'not_met', 'not_documented']);
  });
});

describe('uncertain counts', () => {
  test('at least n: decided only when every possible count agrees', () => {
    expect(name(countAtLeast(2, 2, 2))).toBe('met');
    expect(name(countAtLeast(1, 3, 2))).toBe('unknown');
    expect(name(countAtLeast(0, 1, 2))).toBe('not_met');
  });

  test('at most n: decided only when every possible count agrees', () => {
    expect(name(countAtMost(1, 1, 1))).toBe('met');
    expect(name(countAtMost(1, 2, 1))).toBe('unknown');
    expect(name(countAtMost(2, 3, 1))).toBe('not_met');
  });
});

describe('comparisons are unknown when the value is not stated', () => {
  test.each([
    ['ge', ge, [70, 69], 70],
    ['le', le, [2, 3], 2],
    ['gt', gt, [71, 70], 70],
    ['lt', lt, [69, 70], 70],
    ['eq', eq, [70, 71], 70],
  ] as const)('%s', (_, fn, [yes, no], n) => {
    expect(name(fn(yes, n))).toBe('met');
    expect(name(fn(no, n))).toBe('not_met');
    expect(name(fn(undefined, n))).toBe('unknown');
  });
});

describe('readers never throw and treat missing, null and wrong types as not stated', () => {
  test('at() reads own properties only', () => {
    expect(at({ a: 1 }, 'a')).toBe(1);
    expect(at({ a: 1 }, 'b')).toBeUndefined();
    expect(at(null, 'a')).toBeUndefined();
    expect(at(undefined, 'a')).toBeUndefined();
    expect(at('text', 'length')).toBeUndefined();
    expect(at({}, 'constructor')).toBeUndefined();
    expect(at({}, 'toString')).toBeUndefined();
    expect(at(JSON.parse('{"__proto__": "x"}'), '__proto__')).toBe('x');
    expect(at(at(at(undefined, 'a'), 'b'), 'c')).toBeUndefined();
  });

  test('documented items: present / absent / anything else', () => {
    expect(['present', 'absent', 'not_stated', null, undefined, true, 'Present'].map((v) => name(doc3(v)))).toEqual([
      'met',
      'not_met',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  test('numbers, counts and scalars', () => {
    expect([3, 0, null, undefined, '3', Number.NaN, Infinity].map(num)).toEqual([3, 0, undefined, undefined, undefined, undefined, undefined]);
    expect([['a', 'b', 'c'], [], null, undefined, 3].map(countOf)).toEqual([3, 0, undefined, undefined, undefined]);
    // A list with a not-stated entry has no known length: [null, null, null] is not three levels.
    expect([[null, null, null], ['a', null], ['a', undefined]].map(countOf)).toEqual([undefined, undefined, undefined]);
    expect(['x', 2, true, null, undefined, {}, []].map(scalar)).toEqual(['x', 2, true, undefined, undefined, undefined, undefined]);
  });

  test('read() records evidence once per path and missing requirement paths once', () => {
    const ev: Evidence[] = [];
    const seen = new Set<number>();
    const miss: string[] = [];
    // Compiled code keys each read by its path's number plus the entry index times KEY_STRIDE (here path a[].b is 7).
    read(ev, seen, miss, 'a[0].b', 7, 'a[].b', undefined, false);
    read(ev, seen, miss, 'a[0].b', 7, 'a[].b', undefined, false);
    read(ev, seen, miss, 'a[1].b', 7 + KEY_STRIDE, 'a[].b', 5, true);
    expect(ev).toEqual([
      { path: 'a[0].b', value: null },
      { path: 'a[1].b', value: 5 },
    ]);
    expect(miss).toEqual(['a[].b']);
  });
});

describe('value sets', () => {
  const radiculopathy = valueSet([], ['M50.1', 'M54.1']);
  const fusion = valueSet(['Z98.1'], ['M43.2']);

  test('exact codes and prefixes (compared without their dot, case-insensitive input)', () => {
    expect(inValueSet(radiculopathy, entryCode({ code: 'M54.12' }))).toBe(true);
    expect(inValueSet(radiculopathy, entryCode({ code: ' m50.121 ' }))).toBe(true);
    expect(inValueSet(radiculopathy, entryCode({ code: 'M54.2' }))).toBe(false);
    expect(inValueSet(radiculopathy, entryCode({ code: 'M5412' }))).toBe(true);
    expect(inValueSet(fusion, entryCode('Z98.1'))).toBe(true);
    expect(inValueSet(fusion, entryCode({ code: 'Z98.11' }))).toBe(false);
    expect(inValueSet(fusion, entryCode({ code: null }))).toBe(false);
    expect(inValueSet(fusion, entryCode(null))).toBe(false);
  });

  test('entryKey + inCodes and inEntry (what compiled code calls) agree with inValueSet of entryCode on every entry', () => {
    const entries = [
      { code: 'M54.12' }, { code: ' m50.121 ' }, { code: 'M54.2' }, { code: 'M5412' }, 'Z98.1', ' z98.1', { code: 'Z98.11' },
      { code: null }, { code: '' }, { code: '  ' }, { code: '.' }, { code: 7 }, null, undefined, 'M43.2', ['M43.2'], { text: 'M43.2' },
      // Longer than the memos keep (MEMO_TEXT): computed each time, the same answers.
      { code: `M54.1${'2'.repeat(MEMO_TEXT)}` }, ` m50.1${'x'.repeat(MEMO_TEXT)} `, { code: '.'.repeat(MEMO_TEXT + 1) }, { code: ' '.repeat(MEMO_TEXT + 1) },
    ];
    for (const vs of [radiculopathy, fusion, valueSet(['.'], []), valueSet([], ['.'])]) {
      // Twice: the second answers come from the value set's memo.
      for (const entry of [...entries, ...entries]) {
        expect([entry, inCodes(vs, entryKey(entry))]).toEqual([entry, inValueSet(vs, entryCode(entry))]);
        expect([entry, inEntry(vs, entry)]).toEqual([entry, inValueSet(vs, entryCode(entry))]);
      }
    }
  });

  test('a code longer than the memos keep is read as a short one is', () => {
    const long = `M54.1${'2'.repeat(MEMO_TEXT)}`;
    for (let round = 0; round < 2; round++) {
      expect(entryCode({ code: ` ${long.toLowerCase()} ` })).toBe(long);
      expect(inValueSet(radiculopathy, entryCode({ code: long }))).toBe(true);
      expect(inCodes(radiculopathy, entryKey({ code: long }))).toBe(true);
      expect(inCodes(fusion, entryKey({ code: long }))).toBe(false);
      expect(inEntry(radiculopathy, { code: long })).toBe(true);
      expect(inEntry(fusion, long)).toBe(false);
      expect(entryKey({ code: ' '.repeat(MEMO_TEXT + 1) })).toBeUndefined();
    }
  });

  test('entries render as "text (code)"', () => {
    expect(entryLabel({ code: 'M54.12', text: 'Cervical radiculopathy' })).toBe('Cervical radiculopathy (M54.12)');
    expect(entryLabel({ code: 'm54.12' })).toBe('M54.12');
  });
});

describe('reason text', () => {
  test('lists join with commas and a final "and"', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map(joinList)).toEqual(['not stated', 'a', 'a and b', 'a, b and c']);
  });

  test('values print as documented, "not stated" when not stated', () => {
    expect([fmtCount(['a', 'b', 'c']), fmtCount(null), fmtValue(70), fmtValue(undefined), fmtValue({})]).toEqual([
      '3',
      'not stated',
      '70',
      'not stated',
      'not stated',
    ]);
    expect([fmtDocumented('present'), fmtDocumented('absent'), fmtDocumented('not_stated'), fmtDocumented(undefined)]).toEqual([
      'present',
      'absent',
      'not stated',
      'not stated',
    ]);
    expect(fmtCodes([{ code: 'M54.12', text: 'Cervical radiculopathy' }, { code: 'M54.2' }])).toBe('Cervical radiculopathy (M54.12) and M54.2');
    expect([fmtCodes([]), fmtCodes(undefined)]).toEqual(['none', 'not stated']);
  });
});

describe('value sets compare codes without their dot', () => {
  const radiculopathy = valueSet(['M54.12'], ['M50.1']);
  test.each([
    ['M54.12', true],
    ['M5412', true],
    ['M50.121', true],
    ['M50121', true],
    ['M54.2', false],
    ['M542', false],
    [undefined, false],
  ] as const)('%s → %s', (code, expected) => {
    expect(inValueSet(radiculopathy, code)).toBe(expected);
  });
});

describe('evidence', () => {
  test('lists each case path once, however many conditions read it', () => {
    const evidence: Evidence[] = [];
    const seen = new Set<number>();
    const missing: string[] = [];
    const entry = { code: 'M54.2', text: 'neck pain' };
    // Path numbers: diagnoses[] 0, diagnoses[].code 1, request.levels 2.
    for (let i = 0; i < 3; i++) codeEvidence(evidence, seen, 'diagnoses', 0, entry, 0, 1, KEY_STRIDE);
    read(evidence, seen, missing, 'diagnoses[0].code', 1, 'diagnoses[].code', 'M54.2', true);
    read(evidence, seen, missing, 'request.levels', 2, 'request.levels', undefined, false);
    read(evidence, seen, missing, 'request.levels', 2, 'request.levels', undefined, false);
    expect(evidence).toEqual([
      { path: 'diagnoses[0].code', value: 'M54.2' },
      { path: 'request.levels', value: null },
    ]);
    expect(missing).toEqual(['request.levels']);
  });
});

describe('`is` compares words, not spellings', () => {
  test.each([
    ['Knee', 'knee'],
    ['  knee ', 'knee'],
    ['FACET_MEDIAL_BRANCH_BLOCK', 'facet_medial_branch_block'],
    [3, 3],
    [undefined, undefined],
  ] as const)('%j → %j', (value, key) => {
    expect(textKey(value)).toBe(key);
  });

  test('the same key asked again (memoised), past the memo\'s bound, and for text longer than it keeps', () => {
    const long = ` ${'Word '.repeat(40)}`;
    for (let round = 0; round < 2; round++) {
      expect([textKey(' Knee'), textKey('KNEE '), textKey(long), textKey(true)]).toEqual(['knee', 'knee', long.trim().toLowerCase(), true]);
      for (let i = 0; i < 50_001; i++) textKey(`Word ${i}`);
    }
  });
});

describe('requested ranges', () => {
  test('a range is read as a fresh { min, max } object; min above max, half a range or non-numbers are not stated', () => {
    const given = { min: 4, max: 8, note: 'x' };
    expect(amount(given)).toEqual({ min: 4, max: 8 });
    expect(amount(given)).not.toBe(given);
    expect(amount(6)).toBe(6);
    expect(amount({ min: 4, max: 4 })).toEqual({ min: 4, max: 4 });
    for (const v of [{ min: 8, max: 4 }, { min: 4 }, { max: 8 }, { min: '4', max: 8 }, { min: NaN, max: 8 }, [4, 8], null, undefined, '4-8']) {
      expect(amount(v), JSON.stringify(v)).toBeUndefined();
    }
  });

  test('compared as a whole, a range must pass at both ends: met when both do, not met otherwise', () => {
    const r = { min: 4, max: 8 };
    expect([le(r, 10), le(r, 8), le(r, 6), le(r, 3)].map(name)).toEqual(['met', 'met', 'not_met', 'not_met']);
    expect([lt(r, 9), lt(r, 8)].map(name)).toEqual(['met', 'not_met']);
    expect([ge(r, 4), ge(r, 6), ge(r, 9)].map(name)).toEqual(['met', 'not_met', 'not_met']);
    expect([gt(r, 3), gt(r, 4)].map(name)).toEqual(['met', 'not_met']);
    expect([eq({ min: 4, max: 4 }, 4), eq(r, 4)].map(name)).toEqual(['met', 'not_met']);
  });

  test('`max` and `min` pick one end; a single number is both ends; not stated stays not stated', () => {
    expect([highEnd({ min: 4, max: 8 }), lowEnd({ min: 4, max: 8 }), highEnd(6), lowEnd(6), highEnd(undefined)]).toEqual([8, 4, 6, 6, undefined]);
  });

  test('sums add low ends and high ends', () => {
    expect(add(2, { min: 4, max: 8 })).toEqual({ min: 6, max: 10 });
    expect(add(2, 3)).toBe(5);
    expect(add(undefined, { min: 4, max: 8 })).toBeUndefined();
  });

  test('reason text prints a range as the request gave it', () => {
    expect(fmtValue({ min: 4, max: 8 })).toBe('4-8');
    expect(fmtValue({ min: 8, max: 4 })).toBe('not stated');
    expect(fmtValue(6)).toBe('6');
  });
});

describe('hours and record dates', () => {
  test('the time between two dates in hours is whole days of 24 hours', () => {
    expect(elapsed(dayOf('2024-03-01'), dayOf('2024-03-03'), 'hours')).toBe(48);
  });

  test('a date in the years 0000-0099 is the day written, not one in 1900-1999 (found by stress part 3)', () => {
    expect(dayOf('1970-01-02')).toBe(1);
    // 1,870 years of 365 days and 453 leap days from 0100-01-01 to 1970-01-01, and one day before them.
    expect(dayOf('0099-12-31')).toBe(-(1870 * 365 + 453 + 1));
    expect(elapsed(dayOf('0001-01-01'), dayOf('0002-01-01'), 'days')).toBe(365);
    expect([dayOf('0000-02-29'), dayOf('0100-02-29'), dayOf('2000-02-29'), dayOf('1900-02-29')].map((d) => d !== undefined)).toEqual([true, false, true, false]);
  });

  test('the later / earlier of two days keeps a stated one over one not stated', () => {
    expect([laterDay(undefined, 3), laterDay(5, undefined), laterDay(5, 3), laterDay(3, 5), laterDay(undefined, undefined)]).toEqual([3, 5, 5, 5, undefined]);
    expect([earlierDay(undefined, 3), earlierDay(5, undefined), earlierDay(5, 3), earlierDay(3, 5)]).toEqual([3, 5, 3, 3]);
  });
});

test('`if not stated`: only a status that is not documented changes', () => {
  expect((['met', 'not_met', 'not_applicable', 'not_documented'] as const).map((s) => notStatedAs(s, 'not_applicable'))).toEqual([
    'met',
    'not_met',
    'not_applicable',
    'not_applicable',
  ]);
});
