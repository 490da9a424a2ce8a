/**
 * The case file's vocabulary for the editor: what runtime/case-file.schema.json says about a path (hover) and which
 * fields may follow a partial path (completion after `from`). Read through runtime/case-file-paths.ts, the runtime's
 * own reader of the schema, so the editor and the runtime agree on every path.
 */
import { caseFileSchemaAt, type SchemaNode } from '../../runtime/case-file-paths.js';

export interface SchemaField {
  readonly name: string;
  readonly description: string;
  /** True when the field holds a list (its entries are records with fields of their own). */
  readonly list: boolean;
}

const describe = (node: SchemaNode | undefined): string => (typeof node?.['description'] === 'string' ? node['description'] : '');
const typeOf = (node: SchemaNode | undefined): string[] => {
  const t = node?.['type'];
  return Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : [];
};

/** `prior_treatments[]` steps into list entries; a records fact's own path is written without it. */
export function schemaAt(path: string): SchemaNode | undefined {
  return caseFileSchemaAt(path);
}

export function describePath(path: string): string {
  return describe(schemaAt(path));
}

/** The fields one may write after `prefix.` (the top level when `prefix` is empty); a list steps into its entries. */
export function fieldsAfter(prefix: string): SchemaField[] {
  let node = prefix === '' ? caseFileSchemaAt('') : schemaAt(prefix);
  if (node !== undefined && typeOf(node).includes('array')) node = schemaAt(`${prefix}[]`);
  const properties = node?.['properties'];
  if (typeof properties !== 'object' || properties === null) return [];
  return Object.entries(properties as Record<string, SchemaNode>).map(([name, field]) => {
    const full = schemaAt(prefix === '' ? name : `${prefix}.${name}`) ?? field;
    return { name, description: describe(full), list: typeOf(full).includes('array') };
  });
}
