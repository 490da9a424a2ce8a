/**
 * The language reference stays in step with the language: the reserved words it lists are exactly the lexer's
 * keywords (hard and soft as tokens.ts defines them), its units are the AST's, and every code it cites exists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../language/index.js';
import { allTokens, AnyName } from '../language/tokens.js';

const doc = readFileSync(join(import.meta.dirname, 'LANGUAGE.md'), 'utf8');
const section = (title: string): string => doc.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? '';
const words = (text: string): string[] => [...text.matchAll(/`([a-z_0-9]+)`/g)].map((m) => m[1]!);

const keywords = allTokens.filter((t) => t.name.startsWith('Kw_'));
const isSoft = (t: (typeof keywords)[number]) => (t.CATEGORIES ?? []).includes(AnyName);
const sorted = (list: readonly string[]) => [...new Set(list)].sort();

describe('docs/LANGUAGE.md', () => {
  const reserved = section('Reserved words');
  const [hard = '', soft = ''] = reserved.split('may also be used as names');

  it('lists every hard keyword as reserved', () => {
    expect(sorted(words(hard))).toEqual(sorted(keywords.filter((t) => !isSoft(t)).map((t) => t.name.slice(3))));
  });

  it('lists every soft keyword as usable as a name', () => {
    const listed = words(soft.split('`matched` is reserved')[0] ?? '');
    expect(sorted(listed)).toEqual(sorted(keywords.filter(isSoft).map((t) => t.name.slice(3))));
  });

  it('names every unit', () => {
    const units = ['percent', 'levels', 'visits', 'sessions', 'hours', 'days', 'weeks', 'months', 'years', 'degrees', 'mg'];
    for (const unit of units) expect(section('Units'), unit).toContain(`\`${unit}\``);
  });

  it('cites only codes that exist', () => {
    const known = new Set(allCodes.map((c) => c.code));
    const cited = [...doc.matchAll(/RUB\d{4}/g)].map((m) => m[0]);
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !known.has(c))).toEqual([]);
  });
});
