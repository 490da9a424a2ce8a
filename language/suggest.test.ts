/**
 * Did-you-mean stays right when it is made cheap (issue 12, finding 7: 10,000 misspellings took 74.5 s): over
 * thousands of misspellings against thousands of declared names, `closest` gives exactly what comparing the name
 * with every candidate gives (the reference below is the rule as the module documents it). No timing here.
 */
import { distance } from 'fastest-levenshtein';
import { describe, expect, test } from 'vitest';
import { checkDocuments, SourceFile } from './index.js';
import { closest } from './suggest.js';

/** The rule, by brute force: case-only difference 0.5, abbreviation word by word `limit`, else the edit distance. */
function reference(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  const short = name.toLowerCase().split('_');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const long = candidate.toLowerCase().split('_');
    const abbreviation = short.length === long.length && short.every((w, i) => w.length >= 2 && (long[i] ?? '').startsWith(w));
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : abbreviation ? limit : distance(name, candidate);
    if (d > limit) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** A small deterministic generator (mulberry32), so every run checks the same names. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['initial', 'relief', 'prior', 'block', 'visit', 'plan', 'level', 'pain', 'therapy', 'injection', 'facet', 'lumbar',
  'cervical', 'knee', 'mri', 'request', 'radicular', 'surgery', 'trial', 'opioid', 'dose', 'week', 'care', 'exam', 'rehab', 'tens'];

function declaredNames(count: number, next: () => number): string[] {
  const pick = (): string => WORDS[Math.floor(next() * WORDS.length)] ?? 'x';
  const names = new Set<string>();
  while (names.size < count) {
    const n = 1 + Math.floor(next() * 3);
    names.add([...Array.from({ length: n }, pick), ...(next() < 0.3 ? [String(Math.floor(next() * 50))] : [])].join('_'));
  }
  return [...names];
}

/** One misspelling of a name: a substituted, dropped, added or swapped letter, other case, an abbreviation, or nonsense. */
function misspell(name: string, next: () => number): string {
  const at = Math.floor(next() * name.length);
  const letter = 'abcdefghijklmnopqrstuvwxyz_'[Math.floor(next() * 27)] ?? 'x';
  switch (Math.floor(next() * 8)) {
    case 0:
      return name.slice(0, at) + letter + name.slice(at + 1);
    case 1:
      return name.slice(0, at) + name.slice(at + 1);
    case 2:
      return name.slice(0, at) + letter + name.slice(at);
    case 3:
      return at + 1 < name.length ? name.slice(0, at) + name[at + 1] + name[at] + name.slice(at + 2) : name + letter;
    case 4:
      return name.toUpperCase();
    case 5:
      return name.split('_').map((w) => w.slice(0, Math.max(2, Math.ceil(w.length / 2)))).join('_');
    case 6:
      return name.slice(0, at) + letter + letter + name.slice(at + 2);
    default:
      return Array.from({ length: 4 + Math.floor(next() * 10) }, () => 'qwxzjv'[Math.floor(next() * 6)]).join('');
  }
}

describe('did-you-mean over thousands of names', () => {
  test('2,000 misspellings against 2,000 declared names get exactly the suggestions a full comparison gives', () => {
    const next = random(7);
    const names = declaredNames(2000, next);
    const typos = Array.from({ length: 2000 }, (_, i) => misspell(names[i % names.length] ?? '', next));
    const got = typos.map((t) => closest(t, names));
    const expected = typos.map((t) => reference(t, names));
    expect(got).toEqual(expected);
    // Most are typos of a declared name and get one.
    expect(got.filter((g) => g !== undefined).length).toBeGreaterThan(1300);
  });

  test('a table given as a Map is indexed once and answers like its keys', () => {
    const next = random(11);
    const table = new Map(declaredNames(500, next).map((n) => [n, true]));
    const keys = [...table.keys()];
    for (let i = 0; i < 500; i++) {
      const typo = misspell(keys[i] ?? '', next);
      expect(closest(typo, table)).toBe(reference(typo, keys));
    }
  });

  test('small tables and the old examples', () => {
    expect(closest('rehab_plan', ['rehabilitation_plan', 'relief'])).toBe('rehabilitation_plan');
    expect(closest('Relief', ['relief', 'reliefs'])).toBe('relief');
    expect(closest('radiculapathy', ['radiculopathy', 'spinal_stenosis'])).toBe('radiculopathy');
    expect(closest('zzz', ['radiculopathy'])).toBeUndefined();
    expect(closest('odgg', new Map([['odg', 1], ['acoem', 2]]))).toBe('odg');
  });
});

test('through the checker: 2,000 misspelt facts in one guideline are each suggested the fact meant', () => {
  const next = random(3);
  const names = declaredNames(2000, next).map((n) => `f_${n}`);
  const facts = names.map((n, i) => `  fact ${n} "item ${i}" documented from documentation.item_${i}`).join('\n');
  // A substituted letter inside the name: one edit away from the name meant (and, by the reference, suggested it).
  const typos = names.map((n) => {
    const at = 2 + Math.floor(next() * (n.length - 2));
    return n.slice(0, at) + (n[at] === 'q' ? 'z' : 'q') + n.slice(at + 1);
  });
  const criteria = typos.map((t, i) => `  criterion c${i} "C."\n    require ${t}\n    cite odg\n    reason "r"`).join('\n');
  const text = `guideline many\n  title "M"\n  version "1"\n  recommendation recommended\n    cite odg\n\nsources\n  source odg "ODG"\n\nfacts\n${facts}\n\ncriteria\n${criteria}\n`;
  const result = checkDocuments([new SourceFile('many.rubric', text)]);
  const unknown = result.diagnostics.filter((d) => d.code === 'RUB1207');
  // The checker keeps 100 diagnostics per file; each kept one suggests what the reference suggests.
  expect(unknown).toHaveLength(100);
  for (const d of unknown) {
    const typo = text.slice(d.span.start, d.span.end);
    expect(d.suggestion).toBe(reference(typo, names));
    expect(d.suggestion).toBeDefined();
  }
});
