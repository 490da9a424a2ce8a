/**
 * Cases for any shipped guideline, made from what it says it reads (`LoadedBundle.requirements`): every path gets a
 * value of its kind, in the words and forms runtime/case-file.schema.json asks for (its enums, spinal levels, ICD-10
 * codes, snake_case treatment types, calendar dates), lists of records get 0-4 entries, about 12.5% of values are left
 * out and about 2% of cases get one value of the wrong type. Deterministic (mulberry32, fixed seed).
 */
import type { DataRequirement } from '../runtime/contract.js';
import { caseFileSchemaAt } from '../runtime/case-file-paths.js';
import { mulberry32 } from './generate-cases.js';

const LEVELS = ['C3-C4', 'C4-C5', 'C5-C6', 'C6-C7', 'L3-L4', 'L4-L5', 'L5-S1'];
const ROOTS = ['C5', 'C6', 'L4', 'L5', 'S1'];
const ICD = ['M54.2', 'M54.12', 'M50.121', 'M48.02', 'M54.5', 'M51.16', 'M17.11', 'M75.101', 'G89.29', 'S83.241A', 'M79.1'];
const WORDS = ['physical_therapy', 'facet_intra_articular_block', 'medication', 'surgery', 'cervical', 'lumbar', 'knee', 'shoulder', 'MRI', 'decreased_reflex'];

export function generateGuidelineCases(requirements: readonly DataRequirement[], count: number, seed = 0x5eed_2015): unknown[] {
  const random = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const leaf = (r: DataRequirement, path: string): unknown => {
    const schema = caseFileSchemaAt(path) as { enum?: unknown[]; type?: unknown } | undefined;
    const allowed = schema?.enum?.filter((v) => v !== null);
    if (allowed !== undefined && allowed.length > 0 && r.kind !== 'codes' && r.kind !== 'count') return pick(allowed);
    switch (r.kind) {
      case 'documented':
        return pick(['present', 'absent', 'not_stated']);
      case 'number':
        return r.unit === 'percent' ? Math.floor(random() * 101) : Math.floor(random() * 24);
      case 'count':
        return Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(/root/.test(path) ? ROOTS : /level/.test(path) ? LEVELS : WORDS));
      case 'codes':
        return path === 'request.codes'
          ? [{ system: 'CPT', code: pick(['64490', '64493', '97110', '72141']) }]
          : Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ code: pick(ICD), system: 'ICD-10-CM', text: 'as the provider wrote it' }));
      case 'date':
        return `201${5 + Math.floor(random() * 3)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
      default:
        return pick(WORDS);
    }
  };
  const set = (target: Record<string, unknown>, segments: readonly string[], value: unknown): void => {
    let node = target;
    for (const seg of segments.slice(0, -1)) {
      if (typeof node[seg] !== 'object' || node[seg] === null || Array.isArray(node[seg])) node[seg] = {};
      node = node[seg] as Record<string, unknown>;
    }
    node[segments[segments.length - 1]!] = value;
  };
  const cases: unknown[] = [];
  for (let n = 0; n < count; n++) {
    const data: Record<string, unknown> = { request: {} };
    const lists = new Map<string, Record<string, unknown>[]>();
    for (const r of requirements) {
      const [list, field] = r.path.split('[].');
      if (field === undefined) {
        if (r.kind === 'records') {
          const entries = Array.from({ length: Math.floor(random() * 5) }, () => ({}) as Record<string, unknown>);
          lists.set(r.path, entries);
          if (random() >= 0.125) set(data, r.path.split('.'), entries);
        } else if (random() >= 0.125) set(data, r.path.split('.'), leaf(r, r.path));
      } else {
        for (const entry of lists.get(list!) ?? []) if (random() >= 0.125 || field === 'type') set(entry, field.split('.'), leaf(r, r.path));
      }
    }
    if (random() < 0.02) (data['request'] as Record<string, unknown>)['levels'] = 'C4-C5'; // a text where a list belongs
    cases.push(data);
  }
  return cases;
}
