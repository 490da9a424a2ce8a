/**
 * Concrete syntax tree → AST, typed by cst.generated.ts. Defensive by design: error recovery can leave any child
 * list absent (whatever the generated types say), and tokens inserted during recovery carry NaN offsets; neither
 * may reach a span. Gaps become `Missing` nodes placed where the missing part should have been (zero width,
 * after the last good token). The builder keeps the author's spelling where two spellings mean the same.
 */
import type { CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { diagnostic, UnknownEscape } from './codes.js';
import type * as C from './cst.generated.js';
import type { Diagnostic } from './diagnostic.js';
import { listOf } from './lists.js';
import type { Span } from './source.js';

/** A child list as the builder must read it: possibly absent after recovery. */
type List<T> = readonly T[] | undefined;

const validOffset = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);
const validToken = (token: IToken): boolean => validOffset(token.startOffset) && token.isInsertedInRecovery !== true;

/** The first good token of a list. */
function good(list: List<IToken>): IToken | undefined {
  if (list) for (const token of list) if (validToken(token)) return token;
  return undefined;
}

/** Every good token of a list, in source order (a CST list is in the order the parser consumed it). */
const goods = (list: List<IToken>): IToken[] => (list ? list.filter(validToken) : []);

/** Whether the parser consumed (or, recovering, inserted) a token here. */
const has = (list: List<IToken>): boolean => list !== undefined && list.length > 0;


const UNITS: Readonly<Record<string, A.Unit>> = {
  '%': 'percent', percent: 'percent',
  level: 'levels', levels: 'levels',
  visit: 'visits', visits: 'visits',
  session: 'sessions', sessions: 'sessions',
  hour: 'hours', hours: 'hours',
  day: 'days', days: 'days',
  week: 'weeks', weeks: 'weeks',
  month: 'months', months: 'months',
  year: 'years', years: 'years',
  degree: 'degrees', degrees: 'degrees',
  mg: 'mg',
};

export interface BuildResult {
  readonly document: A.Document;
  readonly diagnostics: Diagnostic[];
}

export function buildAst(cst: C.DocumentCstNode, uri: string, text: string, comments: readonly IToken[]): BuildResult {
  const builder = new AstBuilder(uri, text);
  const document = builder.document(cst, comments);
  return { document, diagnostics: builder.diagnostics };
}

class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  /** End of the last good token seen: where a Missing node is placed. */
  private cursor = 0;

  constructor(
    private readonly uri: string,
    private readonly text: string,
  ) {}

  // ── helpers ────────────────────────────────────────────────────────────────────────────────────
  private tokenSpan(token: IToken): Span {
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    if (span.end > this.cursor) this.cursor = span.end;
    return span;
  }

  /**
   * A node's span: Chevrotain's location (first to last good token; the lexer gives every token its end offset),
   * or, where recovery left the node only inserted tokens, an empty span at the cursor.
   */
  private nodeSpan(node: CstNode | undefined): Span {
    const location = node?.location;
    if (location && validOffset(location.startOffset) && validOffset(location.endOffset) && location.endOffset >= location.startOffset) {
      return { start: location.startOffset, end: location.endOffset + 1 };
    }
    return { start: this.cursor, end: this.cursor };
  }

  private missing(expected: string): A.Missing {
    return { kind: 'Missing', span: { start: this.cursor, end: this.cursor }, expected };
  }

  private name(token: IToken | undefined, expected: string): A.OrMissing<A.Name> {
    if (!token) return this.missing(expected);
    return { kind: 'Name', span: this.tokenSpan(token), text: token.image };
  }

  private textLiteral(token: IToken | undefined, expected: string): A.OrMissing<A.Text> {
    if (!token) return this.missing(expected);
    const span = this.tokenSpan(token);
    const raw = token.image;
    // The lexer decides: a TextLiteral ends at its closing quote (also after an escaped backslash, `"C:\\"`);
    // an UnterminatedText has none.
    const closed = token.tokenType.name === 'TextLiteral';
    const body = raw.slice(1, closed ? -1 : undefined);
    if (!body.includes('\\')) return { kind: 'Text', span, value: body, raw };
    let value = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch === '\\') {
        const next = body[i + 1] ?? '';
        if (next !== '"' && next !== '\\') {
          const start = span.start + 1 + i;
          this.diagnostics.push(diagnostic(UnknownEscape, this.uri, { start, end: start + 1 + next.length }, [`\\${next}`]));
        }
        value += next;
        i++;
      } else value += ch;
    }
    return { kind: 'Text', span, value, raw };
  }

  private numberLiteral(token: IToken | undefined, expected: string): A.OrMissing<A.NumberLiteral> {
    if (!token) return this.missing(expected);
    return { kind: 'Number', span: this.tokenSpan(token), value: Number(token.image), raw: token.image };
  }

  private unitName(node: C.UnitCstNode | undefined): A.UnitName | null {
    const token = good(node?.children.PercentSign) ?? good(node?.children.UnitWord);
    if (!token) return null;
    const unit = UNITS[token.image];
    if (!unit) return null;
    return { kind: 'Unit', span: this.tokenSpan(token), unit, raw: token.image };
  }

  private codeLiteral(token: IToken): A.CodeLiteral {
    const prefix = token.image.endsWith('*');
    return { kind: 'Code', span: this.tokenSpan(token), code: prefix ? token.image.slice(0, -1) : token.image, prefix, raw: token.image };
  }

  private path(node: C.PathCstNode | undefined): A.OrMissing<A.Path> {
    const token = good(node?.children.Path) ?? good(node?.children.AnyName);
    if (!token) return this.missing('a case-file path like documentation.formal_rehabilitation_plan');
    const span = this.tokenSpan(token);
    const segments = token.image.split('.');
    const parts: A.PathSegment[] = [];
    let start = span.start;
    for (const name of segments) {
      parts.push({ name, span: { start, end: start + name.length } });
      start += name.length + 1;
    }
    return { kind: 'Path', span, segments, parts, raw: token.image };
  }

  // ── document ───────────────────────────────────────────────────────────────────────────────────
  document(cst: C.DocumentCstNode, comments: readonly IToken[]): A.Document {
    const guideline = cst.children.guidelineHeader?.[0];
    const library = cst.children.libraryHeader?.[0];
    const header: A.Document['header'] = guideline
      ? { kind: 'GuidelineHeader', ...this.header(guideline, 'guideline') }
      : library
        ? { kind: 'LibraryHeader', ...this.header(library, 'library') }
        : this.missing('`guideline <name>` or `library <name>`');
    const sections: A.Section[] = [];
    for (const s of cst.children.section ?? []) {
      const section = this.section(s);
      if (section) sections.push(section);
    }
    return {
      kind: 'Document',
      span: { start: 0, end: this.text.length },
      uri: this.uri,
      header,
      sections,
      comments: listOf(comments.filter(validToken), (t) => ({ kind: 'Comment', span: { start: t.startOffset, end: t.startOffset + t.image.length }, text: t.image })),
    };
  }

  private header(node: C.GuidelineHeaderCstNode | C.LibraryHeaderCstNode, keyword: 'guideline' | 'library'): Omit<A.GuidelineHeader, 'kind'> {
    const span = this.nodeSpan(node);
    const name = this.name(good(node.children.AnyName), `the ${keyword}'s name`);
    const clauses: A.HeaderClause[] = [];
    for (const c of node.children.headerClause ?? []) {
      const clause = this.headerClause(c);
      if (clause) clauses.push(clause);
    }
    return { span, name, clauses };
  }

  private headerClause(node: C.HeaderClauseCstNode): A.HeaderClause | null {
    const c = node.children;
    const text = c.textClause?.[0];
    if (text) {
      const t = text.children;
      // The grammar enters this rule on its keyword, so one is always there.
      const keyword = has(t.Kw_title) ? 'title' : has(t.Kw_version) ? 'version' : has(t.Kw_edition) ? 'edition' : has(t.Kw_jurisdiction) ? 'jurisdiction' : null;
      if (keyword === null) return null;
      const span = this.nodeSpan(text);
      return { kind: 'TextClause', span, keyword, value: this.textLiteral(good(t.AnyText), `the ${keyword} in quotation marks`) };
    }
    const service = c.serviceClause?.[0];
    if (service) {
      const s = service.children;
      const span = this.nodeSpan(service);
      const labelToken = good(s.AnyText);
      const label = labelToken ? this.textLiteral(labelToken, 'the service') : null;
      const codes = this.codeLists(s.codeList);
      const region = has(s.Kw_region) ? this.name(good(s.AnyName), 'a body region like cervical') : null;
      return { kind: 'ServiceClause', span, label: label && label.kind === 'Text' ? label : null, codes, region };
    }
    const recommendation = c.recommendationClause?.[0];
    if (recommendation) return this.recommendation(recommendation);
    const policy = c.missingDocumentationClause?.[0];
    if (policy) {
      const span = this.nodeSpan(policy);
      const met = good(policy.children.Kw_met);
      const information = good(policy.children.Kw_information);
      const last = met ?? information;
      const value: A.MissingDocumentationClause['policy'] = last
        ? { kind: 'Policy', span: this.tokenSpan(last), policy: met ? 'not_met' : 'insufficient_information' }
        : this.missing('`not met` or `insufficient information`');
      return { kind: 'MissingDocumentationClause', span, policy: value };
    }
    const applies = c.appliesClause?.[0];
    if (applies) {
      const span = this.nodeSpan(applies);
      const condition = this.conditionOrMissing(applies.children.condition);
      const clauses = [
        ...listOf(applies.children.citeClause, (n) => this.cite(n)),
        ...listOf(applies.children.reasonClause, (r) => this.reasonClause(r)),
      ].sort((a, b) => a.span.start - b.span.start);
      return { kind: 'AppliesClause', span, condition, clauses };
    }
    return null;
  }

  private recommendation(node: C.RecommendationClauseCstNode): A.RecommendationClause {
    const c = node.children;
    const span = this.nodeSpan(node);
    const first = good(c.Kw_recommended);
    const conditionally = good(c.Kw_conditionally);
    const not = good(c.Kw_not);
    const status: A.RecommendationClause['status'] = first
      ? {
          kind: 'Status',
          span: { start: (conditionally ?? not ?? first).startOffset, end: this.tokenSpan(first).end },
          status: conditionally ? 'conditionally_recommended' : not ? 'not_recommended' : 'recommended',
        }
      : this.missing('`recommended`, `conditionally recommended` or `not recommended`');
    // Entered on `criteria if` or `, criteria` (parser.ts): the author wrote the phrase, even if recovery had to finish it.
    const criteriaIfUsedAnyway = has(c.Kw_criteria);
    const anywaySpelling = !criteriaIfUsedAnyway ? null : good(c.Comma) ? ', criteria if used anyway' : 'criteria if used anyway';
    const citeNode = c.citeClause?.[0];
    return { kind: 'RecommendationClause', span, status, criteriaIfUsedAnyway, anywaySpelling, cite: citeNode ? this.cite(citeNode) : null };
  }

  private codeLists(nodes: List<C.CodeListCstNode>): A.CodeList[] {
    const lists: A.CodeList[] = [];
    for (const node of nodes ?? []) {
      const list = this.codeList(node);
      if (list) lists.push(list);
    }
    return lists;
  }

  /** A list of codes; null if it has no system (the grammar enters the rule on its system word, so never in practice). */
  private codeList(node: C.CodeListCstNode): A.CodeList | null {
    const span = this.nodeSpan(node);
    const s = node.children.codeSystem?.[0]?.children;
    const system: A.CodeSystem | null = has(s?.Kw_icd10) ? 'icd10' : has(s?.Kw_cpt) ? 'cpt' : has(s?.Kw_hcpcs) ? 'hcpcs' : null;
    if (system === null) return null;
    const codes: A.CodeLiteral[] = [];
    for (const c of node.children.code ?? []) {
      const token = good(c.children.Code) ?? good(c.children.NumberLiteral);
      if (token) codes.push(this.codeLiteral(token));
    }
    return { kind: 'CodeList', span, system, codes };
  }

  // ── sections ───────────────────────────────────────────────────────────────────────────────────
  private section(node: C.SectionCstNode): A.Section | null {
    const c = node.children;
    const uses = c.usesSection?.[0];
    if (uses) {
      const names = goods(uses.children.AnyName);
      const libraries = names.length > 0 ? listOf(names, (t) => this.name(t, 'a library name')) : [this.missing('a library name, like `uses spine`')];
      return { kind: 'Uses', span: this.nodeSpan(uses), libraries };
    }
    const sources = c.sourcesSection?.[0];
    if (sources) {
      return { kind: 'Sources', span: this.nodeSpan(sources), sources: listOf(sources.children.source, (s) => this.source(s)) };
    }
    const thresholds = c.thresholdsSection?.[0];
    if (thresholds) {
      return {
        kind: 'Thresholds',
        span: this.nodeSpan(thresholds),
        thresholds: listOf(thresholds.children.threshold, (t): A.Threshold => {
          const span = this.nodeSpan(t);
          const name = this.name(good(t.children.AnyName), "the threshold's name");
          const label = this.textLiteral(good(t.children.AnyText), 'a label in quotation marks, like "initial pain relief"');
          return { kind: 'Threshold', span, name, label, value: this.quantity(t.children.quantity?.[0]) };
        }),
      };
    }
    const facts = c.factsSection?.[0];
    if (facts) {
      return { kind: 'Facts', span: this.nodeSpan(facts), facts: listOf(facts.children.fact, (f) => this.fact(f)) };
    }
    const criteria = c.criteriaSection?.[0];
    if (criteria) {
      return { kind: 'Criteria', span: this.nodeSpan(criteria), criteria: listOf(criteria.children.criterion, (n) => this.criterion(n)) };
    }
    const routes = c.routesSection?.[0];
    if (routes) {
      return {
        kind: 'Routes',
        span: this.nodeSpan(routes),
        routes: listOf(routes.children.route, (r): A.Route => {
          const span = this.nodeSpan(r);
          const name = this.name(good(r.children.AnyName), "the route's name");
          const label = this.textLiteral(good(r.children.AnyText), 'what the route is, in quotation marks, like "a red-flag diagnosis is being evaluated"');
          return { kind: 'Route', span, name, label };
        }),
      };
    }
    const valueSet = c.valueSet?.[0];
    if (valueSet) {
      const span = this.nodeSpan(valueSet);
      const name = this.name(good(valueSet.children.AnyName), "the value set's name");
      const label = this.textLiteral(good(valueSet.children.AnyText), 'a label in quotation marks, like "radiculopathy"');
      return { kind: 'ValueSet', span, name, label, codes: this.codeLists(valueSet.children.codeList) };
    }
    return null;
  }

  private source(node: C.SourceCstNode): A.Source {
    const span = this.nodeSpan(node);
    const name = this.name(good(node.children.AnyName), "the source's name");
    const citation = this.textLiteral(good(node.children.AnyText), 'the citation in quotation marks');
    const fields: A.SourceField[] = [];
    for (const f of node.children.sourceField ?? []) {
      const c = f.children;
      // The grammar enters this rule on its keyword, so one is always there.
      const field = has(c.Kw_document) ? 'document' : has(c.Kw_chapter) ? 'chapter' : has(c.Kw_section) ? 'section' : has(c.Kw_page) ? 'page' : has(c.Kw_quote) ? 'quote' : null;
      if (field === null) continue;
      const fieldSpan = this.nodeSpan(f);
      const number = good(c.NumberLiteral);
      const value = number ? this.numberLiteral(number, 'a page number') : this.textLiteral(good(c.AnyText), `the ${field} in quotation marks`);
      fields.push({ kind: 'SourceField', span: fieldSpan, field, value });
    }
    return { kind: 'Source', span, name, citation, fields };
  }

  private fact(node: C.FactCstNode | C.FieldCstNode): A.Fact {
    const span = this.nodeSpan(node);
    const keyword = node.name === 'field' ? 'field' : 'fact';
    const name = this.name(good(node.children.AnyName), `the ${keyword}'s name`);
    const label = this.textLiteral(good(node.children.AnyText), 'a label in quotation marks, like "levels requested"');
    const typeNode = node.children.factType?.[0];
    const type = typeNode ? this.factType(typeNode) : this.missing('what kind of fact this is, like `documented from …` or `count levels of …`');
    return { kind: 'Fact', span, keyword, name, label, type };
  }

  private factType(node: C.FactTypeCstNode): A.OrMissing<A.FactType> {
    const c = node.children;
    const span = this.nodeSpan(node);
    const pathNode = c.path?.[0];
    if (good(c.Kw_documented)) return { kind: 'DocumentedType', span, path: this.path(pathNode) };
    if (good(c.Kw_number)) {
      const unit = this.unitName(c.unit?.[0]);
      const path = this.path(pathNode);
      const lasting = has(c.Kw_lasting) ? this.name(good(c.AnyName), 'the field holding the duration') : null;
      return { kind: 'NumberType', span, unit, path, lasting };
    }
    if (good(c.Kw_elapsed)) {
      const unit = this.unitName(c.unit?.[0]);
      const endNode = c.endPath?.[0];
      return {
        kind: 'ElapsedType',
        span,
        unit,
        path: this.path(pathNode),
        to: this.path(endNode?.children.path?.[0]),
        fromPick: this.recordPick(c.recordPick?.[0]),
        toPick: this.recordPick(endNode?.children.recordPick?.[0]),
      };
    }
    if (good(c.Kw_total)) return { kind: 'TotalType', span, path: this.path(pathNode) };
    if (good(c.Kw_count)) return { kind: 'CountType', span, unit: this.unitName(c.unit?.[0]), path: this.path(pathNode) };
    if (good(c.Kw_codes)) {
      const s = c.codeSystem?.[0]?.children;
      const systemToken = good(s?.Kw_icd10) ?? good(s?.Kw_cpt) ?? good(s?.Kw_hcpcs);
      const system: A.CodesType['system'] = systemToken
        ? { kind: 'System', span: this.tokenSpan(systemToken), system: systemToken.image as A.CodeSystem }
        : this.missing('`icd10`, `cpt` or `hcpcs`');
      return { kind: 'CodesType', span, system, path: this.path(pathNode) };
    }
    if (good(c.Kw_text)) return { kind: 'TextType', span, path: this.path(pathNode) };
    if (good(c.Kw_date)) return { kind: 'DateType', span, path: this.path(pathNode) };
    if (good(c.Kw_records)) {
      const path = this.path(pathNode);
      const conditionNode = c.condition?.[0];
      const where = has(c.Kw_where) ? (conditionNode ? this.condition(conditionNode) : this.missing('a condition')) : null;
      const fields = listOf(c.field, (f) => this.fact(f));
      return { kind: 'RecordsType', span, path, where, fields };
    }
    return this.missing('what kind of fact this is, like `documented from …` or `count levels of …`');
  }

  /** `latest` / `earliest` before an elapsed endpoint, or null. */
  private recordPick(node: C.RecordPickCstNode | undefined): A.RecordPick | null {
    const latest = good(node?.children.Kw_latest);
    const token = latest ?? good(node?.children.Kw_earliest);
    if (!token) return null;
    return { kind: 'RecordPick', span: this.tokenSpan(token), pick: latest ? 'latest' : 'earliest' };
  }

  private criterion(node: C.CriterionCstNode): A.Criterion {
    const span = this.nodeSpan(node);
    const name = this.name(good(node.children.AnyName), "the criterion's name");
    const descriptionToken = good(node.children.AnyText);
    const description = descriptionToken ? this.textLiteral(descriptionToken, 'a description') : null;
    const clauses: A.CriterionClause[] = [];
    for (const c of node.children.criterionClause ?? []) {
      const clause = this.criterionClause(c);
      if (clause) clauses.push(clause);
    }
    return { kind: 'Criterion', span, name, description: description && description.kind === 'Text' ? description : null, clauses };
  }

  private cite(node: C.CiteClauseCstNode): A.CiteClause {
    const span = this.nodeSpan(node);
    const names = goods(node.children.AnyName);
    return {
      kind: 'CiteClause',
      span,
      sources: names.length > 0 ? listOf(names, (t) => this.name(t, 'a source name')) : [this.missing('a source name, like `cite odg_facet`')],
    };
  }

  private criterionClause(node: C.CriterionClauseCstNode): A.CriterionClause | null {
    const c = node.children;
    const exclude = c.excludeClause?.[0];
    if (exclude) {
      const span = this.nodeSpan(exclude);
      const names = goods(exclude.children.AnyName);
      const inToken = good(exclude.children.Kw_in);
      const conditionTokens = inToken ? names.filter((t) => t.startOffset < inToken.startOffset) : names;
      const withinToken = inToken ? names.find((t) => t.startOffset > inToken.startOffset) : undefined;
      return {
        kind: 'ExcludeClause',
        span,
        conditions: conditionTokens.length > 0 ? listOf(conditionTokens, (t) => this.name(t, 'a condition')) : [this.missing('a condition to exclude, like `exclude radiculopathy`')],
        within: has(exclude.children.Kw_in) ? this.name(withinToken, 'the list of codes to search, like `in diagnoses`') : null,
      };
    }
    const maxLevels = c.maxLevelsClause?.[0];
    if (maxLevels) {
      const span = this.nodeSpan(maxLevels);
      const named = good(maxLevels.children.AnyName);
      const limit = named ? this.name(named, 'a threshold') : this.numberLiteral(good(maxLevels.children.NumberLiteral), 'a number of levels, like `max_levels 2`');
      return { kind: 'MaxLevelsClause', span, limit };
    }
    const require = c.requireClause?.[0];
    if (require) return { kind: 'RequireClause', span: this.nodeSpan(require), condition: this.conditionOrMissing(require.children.condition) };
    const when = c.whenClause?.[0];
    if (when) return { kind: 'WhenClause', span: this.nodeSpan(when), condition: this.conditionOrMissing(when.children.condition) };
    const cite = c.citeClause?.[0];
    if (cite) return this.cite(cite);
    const notStated = c.notStatedClause?.[0];
    if (notStated) {
      const n = notStated.children;
      if (good(n.Kw_met)) {
        const note = this.textLiteral(good(n.AnyText), 'the note in quotation marks, like `if not stated met "The frequency is not stated."`');
        return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: 'met', note };
      }
      if (good(n.Kw_applicable)) return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: 'not_applicable', note: null };
      return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: this.missing('`not applicable` or `met "…"` after `if not stated`'), note: null };
    }
    const reason = c.reasonClause?.[0];
    if (reason) return this.reasonClause(reason);
    const route = c.routeClause?.[0];
    if (route) return { kind: 'RouteClause', span: this.nodeSpan(route), route: this.name(good(route.children.AnyName), 'the name of a route, like `route red_flag`') };
    const judgement = c.judgementClause?.[0];
    if (judgement) {
      const span = this.nodeSpan(judgement);
      return { kind: 'JudgementClause', span, question: this.textLiteral(good(judgement.children.AnyText), 'the question for the physician reviewer, in quotation marks') };
    }
    return null;
  }

  private reasonClause(reason: C.ReasonClauseCstNode): A.ReasonClause {
    const keyword = good(reason.children.Kw_missing) ? 'missing' : 'reason';
    return { kind: 'ReasonClause', span: this.nodeSpan(reason), keyword, text: this.textLiteral(good(reason.children.AnyText), 'the reason in quotation marks') };
  }

  // ── conditions ─────────────────────────────────────────────────────────────────────────────────
  private conditionOrMissing(list: List<C.ConditionCstNode>): A.OrMissing<A.Condition> {
    const node = list?.[0];
    return node ? this.condition(node) : this.missing('a condition');
  }

  private condition(node: C.ConditionCstNode): A.OrMissing<A.Condition> {
    const operands = listOf(node.children.andCondition, (n) => this.andCondition(n));
    if (operands.length === 1) return operands[0] as A.OrMissing<A.Condition>;
    if (operands.length === 0) return this.missing('a condition');
    return { kind: 'Or', span: this.nodeSpan(node), operands };
  }

  private andCondition(node: C.AndConditionCstNode): A.OrMissing<A.Condition> {
    const operands = listOf(node.children.notCondition, (n) => this.notCondition(n));
    if (operands.length === 1) return operands[0] as A.OrMissing<A.Condition>;
    if (operands.length === 0) return this.missing('a condition');
    return { kind: 'And', span: this.nodeSpan(node), operands };
  }

  private notCondition(node: C.NotConditionCstNode): A.OrMissing<A.Condition> {
    const inner = node.children.notCondition?.[0];
    if (has(node.children.Kw_not)) {
      const span = this.nodeSpan(node);
      return { kind: 'Not', span, operand: inner ? this.notCondition(inner) : this.missing('a condition after `not`') };
    }
    const atom = node.children.atom?.[0];
    return atom ? this.atom(atom) : this.missing('a condition');
  }

  private conditionList(node: C.ConditionListCstNode | undefined): A.OrMissing<A.Condition>[] {
    const items = listOf(node?.children.condition, (c) => this.condition(c));
    return items.length > 0 ? items : [this.missing('a list of conditions in parentheses, like `(a, b)`')];
  }

  private recordSelection(node: C.RecordSelectionCstNode | undefined): { records: A.OrMissing<A.Name>; where: A.OrMissing<A.Condition> | null } {
    const records = this.name(good(node?.children.AnyName), 'the name of a list of records, like prior_facet_blocks');
    const where = has(node?.children.Kw_where) ? this.conditionOrMissing(node?.children.condition) : null;
    return { records, where };
  }

  private counting(node: C.CountingThisRequestCstNode | undefined): Pick<A.RecordCountCondition, 'countingThisRequest' | 'countingSpelling'> {
    if (!node) return { countingThisRequest: false, countingSpelling: null };
    return { countingThisRequest: true, countingSpelling: good(node.children.Comma) ? ', counting this request' : 'counting this request' };
  }

  private atom(node: C.AtomCstNode): A.OrMissing<A.Condition> {
    const c = node.children;
    const parenthesised = c.parenthesised?.[0];
    if (parenthesised) {
      const inner = parenthesised.children.condition?.[0];
      return { kind: 'Group', span: this.nodeSpan(parenthesised), quantifier: 'all', count: null, items: [inner ? this.condition(inner) : this.missing('a condition')], parenthesised: true };
    }
    const allOf = c.allOf?.[0];
    if (allOf) {
      return { kind: 'Group', span: this.nodeSpan(allOf), quantifier: 'all', count: null, items: this.conditionList(allOf.children.conditionList?.[0]), parenthesised: false };
    }
    const anyOf = c.anyOf?.[0];
    if (anyOf) {
      const span = this.nodeSpan(anyOf);
      const list = anyOf.children.conditionList?.[0];
      if (list || has(anyOf.children.Kw_of)) {
        return { kind: 'Group', span, quantifier: 'any', count: null, items: this.conditionList(list), parenthesised: false };
      }
      return { kind: 'AnyRecord', span, ...this.recordSelection(anyOf.children.recordSelection?.[0]) };
    }
    const atLeast = c.atLeast?.[0];
    if (atLeast) {
      const span = this.nodeSpan(atLeast);
      const count = this.numberLiteral(good(atLeast.children.NumberLiteral), 'a number, like `at least 2 of (a, b, c)`');
      const list = atLeast.children.conditionList?.[0];
      if (list || has(atLeast.children.Kw_of)) {
        return { kind: 'Group', span, quantifier: 'at_least', count, items: this.conditionList(list), parenthesised: false };
      }
      return {
        kind: 'RecordCount',
        span,
        quantifier: 'at_least',
        count,
        ...this.recordSelection(atLeast.children.recordSelection?.[0]),
        ...this.counting(atLeast.children.countingThisRequest?.[0]),
      };
    }
    const atMost = c.atMost?.[0];
    if (atMost) {
      const span = this.nodeSpan(atMost);
      const count = this.numberLiteral(good(atMost.children.NumberLiteral), 'a number, like `at most 1 prior_facet_blocks`');
      return {
        kind: 'RecordCount',
        span,
        quantifier: 'at_most',
        count,
        ...this.recordSelection(atMost.children.recordSelection?.[0]),
        ...this.counting(atMost.children.countingThisRequest?.[0]),
      };
    }
    const every = c.everyRecord?.[0];
    if (every) {
      const span = this.nodeSpan(every);
      const selection = this.recordSelection(every.children.recordSelection?.[0]);
      const has = this.conditionOrMissing(every.children.condition);
      return { kind: 'EveryRecord', span, ...selection, has };
    }
    const no = c.noRecord?.[0];
    if (no) {
      return { kind: 'RecordCount', span: this.nodeSpan(no), quantifier: 'no', count: null, ...this.recordSelection(no.children.recordSelection?.[0]), ...this.counting(undefined) };
    }
    const documented = c.documentedTest?.[0];
    if (documented) {
      return { kind: 'DocumentedTest', span: this.nodeSpan(documented), name: this.name(good(documented.children.AnyName), 'a documentation item, like `documented flare_up`') };
    }
    const test = c.factTest?.[0];
    if (test) return this.factTest(test);
    return this.missing('a condition');
  }

  private factTest(node: C.FactTestCstNode): A.OrMissing<A.Condition> {
    const c = node.children;
    const [subjectToken, ...addendTokens] = goods(c.AnyName);
    if (!subjectToken) return this.missing('a fact');
    const subject: A.Name = { kind: 'Name', span: this.tokenSpan(subjectToken), text: subjectToken.image };
    // A fact on its own, the most common condition, is answered before the lists of terms are built.
    const alone = c.comparison === undefined && c.isTest === undefined && c.rangeEnd === undefined && addendTokens.length === 0;
    if (alone) return { kind: 'NameCondition', span: subject.span, name: subject };
    const span = this.nodeSpan(node);
    const addends: A.Name[] = listOf(addendTokens, (t) => ({ kind: 'Name', span: this.tokenSpan(t), text: t.image }));
    // Each `max` / `min` belongs to the term right after it.
    const endTokens: IToken[] = [];
    for (const n of c.rangeEnd ?? []) {
      const t = good(n.children.Kw_max) ?? good(n.children.Kw_min);
      if (t) endTokens.push(t);
    }
    const terms = [subjectToken, ...addendTokens];
    const ends = listOf(terms, (term, i): A.RangeEnd | null => {
      const after = i === 0 ? -1 : terms[i - 1]!.startOffset;
      const t = endTokens.find((e) => e.startOffset > after && e.startOffset < term.startOffset);
      return t ? { kind: 'RangeEnd', span: this.tokenSpan(t), end: t.image === 'max' ? 'max' : 'min' } : null;
    });
    const comparison = c.comparison?.[0];
    if (comparison) {
      const operators = comparison.children.compareOperator ?? [];
      const amounts = comparison.children.amount ?? [];
      const operator = this.operator(operators[0]);
      const value = this.amount(amounts[0]);
      let duration: A.DurationClause | null = null;
      if (has(comparison.children.Kw_for)) {
        const forToken = good(comparison.children.Kw_for);
        const durationValue = this.amount(amounts[1]);
        const start = forToken?.startOffset ?? durationValue.span.start;
        duration = { kind: 'Duration', span: { start, end: Math.max(start, durationValue.span.end) }, ...this.operator(operators[1]), value: durationValue };
      }
      return { kind: 'Compare', span, subject, addends, ends, ...operator, value, duration };
    }
    const is = c.isTest?.[0];
    if (is) {
      const negated = has(is.children.Kw_not);
      const values: A.OrMissing<A.Text | A.NumberLiteral | A.CodeLiteral>[] = listOf(is.children.literal, (l) => {
        const text = good(l.children.AnyText);
        if (text) return this.textLiteral(text, 'a value in quotation marks');
        const number = good(l.children.NumberLiteral);
        if (number) return this.numberLiteral(number, 'a number');
        const code = good(l.children.Code);
        if (code) return this.codeLiteral(code);
        return this.missing('a value in quotation marks');
      });
      const spelling = has(is.children.Kw_one) ? 'is one of' : 'is';
      return { kind: 'Is', span, subject, negated, spelling, values: values.length > 0 ? values : [this.missing('a value in quotation marks')] };
    }
    return { kind: 'NameCondition', span: subject.span, name: subject };
  }

  /** The operator and how it was written; Missing where recovery left `at` without `least` or `most`. */
  private operator(node: C.CompareOperatorCstNode | undefined): { operator: A.CompareOperator | A.Missing; spelling: A.OperatorSpelling | A.Missing } {
    const c = node?.children;
    const symbol = good(c?.GreaterEqual) ?? good(c?.LessEqual) ?? good(c?.Greater) ?? good(c?.Less) ?? good(c?.Equal);
    if (symbol) {
      const spelling = symbol.image as A.OperatorSpelling;
      const operator: A.CompareOperator = spelling === '≥' ? '>=' : spelling === '≤' ? '<=' : (spelling as A.CompareOperator);
      return { operator, spelling };
    }
    if (good(c?.Kw_at) && good(c?.Kw_least)) return { operator: '>=', spelling: 'at least' };
    if (good(c?.Kw_at) && good(c?.Kw_most)) return { operator: '<=', spelling: 'at most' };
    const missing = this.missing('a comparison, like `>=` or `at least`');
    return { operator: missing, spelling: missing };
  }

  /** A number written out, or a threshold's name. */
  private amount(node: C.AmountCstNode | undefined): A.OrMissing<A.Quantity | A.Name> {
    const named = good(node?.children.AnyName);
    return named ? this.name(named, 'a threshold') : this.quantity(node?.children.quantity?.[0]);
  }

  private quantity(node: C.QuantityCstNode | undefined): A.OrMissing<A.Quantity> {
    const numberToken = good(node?.children.NumberLiteral);
    if (!numberToken) return this.missing('a number, like `70%` or `6 weeks`');
    const number = this.numberLiteral(numberToken, 'a number') as A.NumberLiteral;
    const unit = this.unitName(node?.children.unit?.[0]);
    return { kind: 'Quantity', span: { start: number.span.start, end: unit ? unit.span.end : number.span.end }, number, unit };
  }
}
