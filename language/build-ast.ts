/**
 * Concrete syntax tree → AST. Defensive by design: error recovery can leave any child absent, and tokens
 * inserted during recovery carry NaN offsets; neither may reach a span. Gaps become `Missing` nodes placed
 * where the missing part should have been (zero width, after the last good token).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { diagnostic, UnknownEscape } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import type { Span } from './source.js';

type Children = Record<string, CstElement[] | undefined>;

const isToken = (element: CstElement): element is IToken => 'image' in element;
const validOffset = (n: number | undefined): n is number => typeof n === 'number' && Number.isFinite(n);
const validToken = (token: IToken): boolean => validOffset(token.startOffset) && token.isInsertedInRecovery !== true;

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

export function buildAst(cst: CstNode, uri: string, text: string, comments: readonly IToken[]): BuildResult {
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
  private children(node: CstNode | undefined): Children {
    return (node?.children ?? {}) as Children;
  }

  private subnodes(node: CstNode | undefined, rule: string): CstNode[] {
    return (this.children(node)[rule] ?? []).filter((e): e is CstNode => !isToken(e));
  }

  private subnode(node: CstNode | undefined, rule: string): CstNode | undefined {
    return this.subnodes(node, rule)[0];
  }

  /** Good tokens under a key, in source order. */
  private tokens(node: CstNode | undefined, ...names: string[]): IToken[] {
    const children = this.children(node);
    const found: IToken[] = [];
    for (const name of names) for (const e of children[name] ?? []) if (isToken(e) && validToken(e)) found.push(e);
    return found.sort((a, b) => a.startOffset - b.startOffset);
  }

  private token(node: CstNode | undefined, ...names: string[]): IToken | undefined {
    return this.tokens(node, ...names)[0];
  }

  private tokenSpan(token: IToken): Span {
    const span = { start: token.startOffset, end: token.startOffset + token.image.length };
    this.cursor = Math.max(this.cursor, span.end);
    return span;
  }

  /** A node's span from its location, or from its good tokens, or an empty span at the cursor. */
  private nodeSpan(node: CstNode | undefined): Span {
    const location = node?.location;
    if (location && validOffset(location.startOffset) && validOffset(location.endOffset) && location.endOffset >= location.startOffset) {
      this.passLeadingWord(location.startOffset);
      return { start: location.startOffset, end: location.endOffset + 1 };
    }
    const all = this.allTokens(node);
    const first = all[0];
    const last = all[all.length - 1];
    if (first && last) return { start: first.startOffset, end: last.startOffset + last.image.length };
    return { start: this.cursor, end: this.cursor };
  }

  /** Move the cursor past the keyword a statement starts with, so a gap right after it is placed there. */
  private passLeadingWord(start: number): void {
    let end = start;
    while (end < this.text.length && /[A-Za-z0-9_]/.test(this.text[end] ?? '')) end++;
    this.cursor = Math.max(this.cursor, end);
  }

  private allTokens(node: CstNode | undefined): IToken[] {
    const out: IToken[] = [];
    const visit = (n: CstNode) => {
      for (const list of Object.values(n.children)) {
        for (const e of list ?? []) {
          if (isToken(e)) {
            if (validToken(e)) out.push(e);
          } else visit(e);
        }
      }
    };
    if (node) visit(node);
    return out.sort((a, b) => a.startOffset - b.startOffset);
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
    let value = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch === '\\') {
        const next = body[i + 1] ?? '';
        if (next === '"' || next === '\\') {
          value += next;
        } else {
          const start = span.start + 1 + i;
          this.diagnostics.push(diagnostic(UnknownEscape, this.uri, { start, end: start + 1 + next.length }, [`\\${next}`]));
          value += next;
        }
        i++;
      } else value += ch;
    }
    return { kind: 'Text', span, value, raw };
  }

  private numberLiteral(token: IToken | undefined, expected: string): A.OrMissing<A.NumberLiteral> {
    if (!token) return this.missing(expected);
    return { kind: 'Number', span: this.tokenSpan(token), value: Number(token.image), raw: token.image };
  }

  private unitName(node: CstNode | undefined): A.UnitName | null {
    const token = this.token(node, 'PercentSign', 'UnitWord');
    if (!token) return null;
    const unit = UNITS[token.image];
    if (!unit) return null;
    return { kind: 'Unit', span: this.tokenSpan(token), unit, raw: token.image };
  }

  private codeLiteral(token: IToken): A.CodeLiteral {
    const prefix = token.image.endsWith('*');
    return { kind: 'Code', span: this.tokenSpan(token), code: prefix ? token.image.slice(0, -1) : token.image, prefix, raw: token.image };
  }

  private path(node: CstNode | undefined): A.OrMissing<A.Path> {
    const token = this.token(node, 'Path', 'AnyName');
    if (!token) return this.missing('a case-file path like documentation.formal_rehabilitation_plan');
    return { kind: 'Path', span: this.tokenSpan(token), segments: token.image.split('.'), raw: token.image };
  }

  // ── document ───────────────────────────────────────────────────────────────────────────────────
  document(cst: CstNode, comments: readonly IToken[]): A.Document {
    const guideline = this.subnode(cst, 'guidelineHeader');
    const library = this.subnode(cst, 'libraryHeader');
    const header: A.Document['header'] = guideline
      ? { kind: 'GuidelineHeader', ...this.header(guideline, 'guideline') }
      : library
        ? { kind: 'LibraryHeader', ...this.header(library, 'library') }
        : this.missing('`guideline <name>` or `library <name>`');
    const sections = this.subnodes(cst, 'section').flatMap((s) => {
      const section = this.section(s);
      return section ? [section] : [];
    });
    return {
      kind: 'Document',
      span: { start: 0, end: this.text.length },
      uri: this.uri,
      header,
      sections,
      comments: comments.filter(validToken).map((t) => ({ kind: 'Comment', span: { start: t.startOffset, end: t.startOffset + t.image.length }, text: t.image })),
    };
  }

  private header(node: CstNode, keyword: 'guideline' | 'library'): Omit<A.GuidelineHeader, 'kind'> {
    const span = this.nodeSpan(node);
    const name = this.name(this.token(node, 'AnyName'), `the ${keyword}'s name`);
    const clauses = this.subnodes(node, 'headerClause').flatMap((c) => {
      const clause = this.headerClause(c);
      return clause ? [clause] : [];
    });
    return { span, name, clauses };
  }

  private headerClause(node: CstNode): A.HeaderClause | null {
    const text = this.subnode(node, 'textClause');
    if (text) {
      const keyword = (['title', 'version', 'edition', 'jurisdiction'] as const).find((k) => this.token(text, `Kw_${k}`)) ?? 'title';
      const span = this.nodeSpan(text);
      return { kind: 'TextClause', span, keyword, value: this.textLiteral(this.token(text, 'AnyText'), `the ${keyword} in quotation marks`) };
    }
    const service = this.subnode(node, 'serviceClause');
    if (service) {
      const span = this.nodeSpan(service);
      const labelToken = this.token(service, 'AnyText');
      const label = labelToken ? this.textLiteral(labelToken, 'the service') : null;
      const codes = this.subnodes(service, 'codeList').map((c) => this.codeList(c));
      const hasRegion = this.token(service, 'Kw_region') !== undefined || (this.children(service)['Kw_region']?.length ?? 0) > 0;
      const region = hasRegion ? this.name(this.token(service, 'AnyName'), 'a body region like cervical') : null;
      return { kind: 'ServiceClause', span, label: label && label.kind === 'Text' ? label : null, codes, region };
    }
    const recommendation = this.subnode(node, 'recommendationClause');
    if (recommendation) return this.recommendation(recommendation);
    const policy = this.subnode(node, 'missingDocumentationClause');
    if (policy) {
      const span = this.nodeSpan(policy);
      const met = this.token(policy, 'Kw_met');
      const information = this.token(policy, 'Kw_information');
      const last = met ?? information;
      const value: A.MissingDocumentationClause['policy'] = last
        ? { kind: 'Policy', span: this.tokenSpan(last), policy: met ? 'not_met' : 'insufficient_information' }
        : this.missing('`not met` or `insufficient information`');
      return { kind: 'MissingDocumentationClause', span, policy: value };
    }
    const applies = this.subnode(node, 'appliesClause');
    if (applies) {
      const span = this.nodeSpan(applies);
      const condition = this.conditionOrMissing(applies);
      const clauses = [
        ...this.subnodes(applies, 'citeClause').map((c) => this.cite(c)),
        ...this.subnodes(applies, 'reasonClause').map((r) => this.reasonClause(r)),
      ].sort((a, b) => a.span.start - b.span.start);
      return { kind: 'AppliesClause', span, condition, clauses };
    }
    return null;
  }

  private recommendation(node: CstNode): A.RecommendationClause {
    const span = this.nodeSpan(node);
    const recommended = this.tokens(node, 'Kw_recommended');
    const conditionally = this.token(node, 'Kw_conditionally');
    const not = this.token(node, 'Kw_not');
    const first = recommended[0];
    const status: A.RecommendationClause['status'] = first
      ? {
          kind: 'Status',
          span: { start: (conditionally ?? not ?? first).startOffset, end: this.tokenSpan(first).end },
          status: conditionally ? 'conditionally_recommended' : not ? 'not_recommended' : 'recommended',
        }
      : this.missing('`recommended`, `conditionally recommended` or `not recommended`');
    const criteriaIfUsedAnyway = this.token(node, 'Kw_anyway') !== undefined;
    const citeNode = this.subnode(node, 'citeClause');
    return { kind: 'RecommendationClause', span, status, criteriaIfUsedAnyway, cite: citeNode ? this.cite(citeNode) : null };
  }

  private codeList(node: CstNode): A.CodeList {
    const span = this.nodeSpan(node);
    const systemNode = this.subnode(node, 'codeSystem');
    const system: A.CodeSystem = this.token(systemNode, 'Kw_cpt') ? 'cpt' : this.token(systemNode, 'Kw_hcpcs') ? 'hcpcs' : 'icd10';
    const codes = this.subnodes(node, 'code').flatMap((c) => {
      const token = this.token(c, 'Code', 'NumberLiteral');
      return token ? [this.codeLiteral(token)] : [];
    });
    return { kind: 'CodeList', span, system, codes };
  }

  // ── sections ───────────────────────────────────────────────────────────────────────────────────
  private section(node: CstNode): A.Section | null {
    const uses = this.subnode(node, 'usesSection');
    if (uses) {
      const names = this.tokens(uses, 'AnyName');
      const libraries = names.length > 0 ? names.map((t) => this.name(t, 'a library name')) : [this.missing('a library name, like `uses spine`')];
      return { kind: 'Uses', span: this.nodeSpan(uses), libraries };
    }
    const sources = this.subnode(node, 'sourcesSection');
    if (sources) {
      return { kind: 'Sources', span: this.nodeSpan(sources), sources: this.subnodes(sources, 'source').map((s) => this.source(s)) };
    }
    const thresholds = this.subnode(node, 'thresholdsSection');
    if (thresholds) {
      return {
        kind: 'Thresholds',
        span: this.nodeSpan(thresholds),
        thresholds: this.subnodes(thresholds, 'threshold').map((t): A.Threshold => {
          const span = this.nodeSpan(t);
          const name = this.name(this.token(t, 'AnyName'), "the threshold's name");
          const label = this.textLiteral(this.token(t, 'AnyText'), 'a label in quotation marks, like "initial pain relief"');
          return { kind: 'Threshold', span, name, label, value: this.quantity(this.subnode(t, 'quantity')) };
        }),
      };
    }
    const facts = this.subnode(node, 'factsSection');
    if (facts) {
      return { kind: 'Facts', span: this.nodeSpan(facts), facts: this.subnodes(facts, 'fact').map((f) => this.fact(f)) };
    }
    const criteria = this.subnode(node, 'criteriaSection');
    if (criteria) {
      return { kind: 'Criteria', span: this.nodeSpan(criteria), criteria: this.subnodes(criteria, 'criterion').map((c) => this.criterion(c)) };
    }
    const routes = this.subnode(node, 'routesSection');
    if (routes) {
      return {
        kind: 'Routes',
        span: this.nodeSpan(routes),
        routes: this.subnodes(routes, 'route').map((r): A.Route => {
          const span = this.nodeSpan(r);
          const name = this.name(this.token(r, 'AnyName'), "the route's name");
          const label = this.textLiteral(this.token(r, 'AnyText'), 'what the route is, in quotation marks, like "a red-flag diagnosis is being evaluated"');
          return { kind: 'Route', span, name, label };
        }),
      };
    }
    const valueSet = this.subnode(node, 'valueSet');
    if (valueSet) {
      const span = this.nodeSpan(valueSet);
      const name = this.name(this.token(valueSet, 'AnyName'), "the value set's name");
      const label = this.textLiteral(this.token(valueSet, 'AnyText'), 'a label in quotation marks, like "radiculopathy"');
      return { kind: 'ValueSet', span, name, label, codes: this.subnodes(valueSet, 'codeList').map((c) => this.codeList(c)) };
    }
    return null;
  }

  private source(node: CstNode): A.Source {
    const span = this.nodeSpan(node);
    const name = this.name(this.token(node, 'AnyName'), "the source's name");
    const citation = this.textLiteral(this.token(node, 'AnyText'), 'the citation in quotation marks');
    const fields = this.subnodes(node, 'sourceField').map((f): A.SourceField => {
      const fieldSpan = this.nodeSpan(f);
      const field = (['document', 'chapter', 'section', 'page', 'quote'] as const).find((k) => this.token(f, `Kw_${k}`)) ?? 'document';
      const number = this.token(f, 'NumberLiteral');
      const value = number ? this.numberLiteral(number, 'a page number') : this.textLiteral(this.token(f, 'AnyText'), `the ${field} in quotation marks`);
      return { kind: 'SourceField', span: fieldSpan, field, value };
    });
    return { kind: 'Source', span, name, citation, fields };
  }

  private fact(node: CstNode): A.Fact {
    const span = this.nodeSpan(node);
    const keyword = this.token(node, 'Kw_field') ? 'field' : 'fact';
    const name = this.name(this.token(node, 'AnyName'), `the ${keyword}'s name`);
    const label = this.textLiteral(this.token(node, 'AnyText'), 'a label in quotation marks, like "levels requested"');
    const typeNode = this.subnode(node, 'factType');
    const type = typeNode ? this.factType(typeNode) : this.missing('what kind of fact this is, like `documented from …` or `count levels of …`');
    return { kind: 'Fact', span, keyword, name, label, type };
  }

  private factType(node: CstNode): A.OrMissing<A.FactType> {
    const span = this.nodeSpan(node);
    const pathNode = this.subnode(node, 'path');
    if (this.token(node, 'Kw_documented')) return { kind: 'DocumentedType', span, path: this.path(pathNode) };
    if (this.token(node, 'Kw_number')) {
      const unit = this.unitName(this.subnode(node, 'unit'));
      const path = this.path(pathNode);
      const hasLasting = (this.children(node)['Kw_lasting']?.length ?? 0) > 0;
      const lasting = hasLasting ? this.name(this.token(node, 'AnyName'), 'the field holding the duration') : null;
      return { kind: 'NumberType', span, unit, path, lasting };
    }
    if (this.token(node, 'Kw_elapsed')) {
      const unit = this.unitName(this.subnode(node, 'unit'));
      const endNode = this.subnode(node, 'endPath');
      return {
        kind: 'ElapsedType',
        span,
        unit,
        path: this.path(pathNode),
        to: this.path(this.subnode(endNode, 'path')),
        fromPick: this.recordPick(this.subnode(node, 'recordPick')),
        toPick: this.recordPick(this.subnode(endNode, 'recordPick')),
      };
    }
    if (this.token(node, 'Kw_total')) return { kind: 'TotalType', span, path: this.path(pathNode) };
    if (this.token(node, 'Kw_count')) return { kind: 'CountType', span, unit: this.unitName(this.subnode(node, 'unit')), path: this.path(pathNode) };
    if (this.token(node, 'Kw_codes')) {
      const systemNode = this.subnode(node, 'codeSystem');
      const systemToken = this.token(systemNode, 'Kw_icd10', 'Kw_cpt', 'Kw_hcpcs');
      const system: A.CodesType['system'] = systemToken
        ? { kind: 'System', span: this.tokenSpan(systemToken), system: systemToken.image as A.CodeSystem }
        : this.missing('`icd10`, `cpt` or `hcpcs`');
      return { kind: 'CodesType', span, system, path: this.path(pathNode) };
    }
    if (this.token(node, 'Kw_text')) return { kind: 'TextType', span, path: this.path(pathNode) };
    if (this.token(node, 'Kw_date')) return { kind: 'DateType', span, path: this.path(pathNode) };
    if (this.token(node, 'Kw_records')) {
      const path = this.path(pathNode);
      const hasWhere = (this.children(node)['Kw_where']?.length ?? 0) > 0;
      const conditionNode = this.subnode(node, 'condition');
      const where = hasWhere ? (conditionNode ? this.condition(conditionNode) : this.missing('a condition')) : null;
      const fields = this.subnodes(node, 'field').map((f) => this.fact(f));
      return { kind: 'RecordsType', span, path, where, fields };
    }
    return this.missing('what kind of fact this is, like `documented from …` or `count levels of …`');
  }

  /** `latest` / `earliest` before an elapsed endpoint, or null. */
  private recordPick(node: CstNode | undefined): A.RecordPick | null {
    const token = this.token(node, 'Kw_latest', 'Kw_earliest');
    if (!token || !validToken(token)) return null;
    return { kind: 'RecordPick', span: this.tokenSpan(token), pick: token.image === 'latest' ? 'latest' : 'earliest' };
  }

  private criterion(node: CstNode): A.Criterion {
    const span = this.nodeSpan(node);
    const name = this.name(this.token(node, 'AnyName'), "the criterion's name");
    const descriptionToken = this.token(node, 'AnyText');
    const description = descriptionToken ? this.textLiteral(descriptionToken, 'a description') : null;
    const clauses = this.subnodes(node, 'criterionClause').flatMap((c) => {
      const clause = this.criterionClause(c);
      return clause ? [clause] : [];
    });
    return { kind: 'Criterion', span, name, description: description && description.kind === 'Text' ? description : null, clauses };
  }

  private cite(node: CstNode): A.CiteClause {
    const span = this.nodeSpan(node);
    const names = this.tokens(node, 'AnyName');
    return {
      kind: 'CiteClause',
      span,
      sources: names.length > 0 ? names.map((t) => this.name(t, 'a source name')) : [this.missing('a source name, like `cite odg_facet`')],
    };
  }

  private criterionClause(node: CstNode): A.CriterionClause | null {
    const exclude = this.subnode(node, 'excludeClause');
    if (exclude) {
      const span = this.nodeSpan(exclude);
      const names = this.tokens(exclude, 'AnyName');
      const inToken = this.token(exclude, 'Kw_in');
      const conditionTokens = inToken ? names.filter((t) => t.startOffset < inToken.startOffset) : names;
      const withinToken = inToken ? names.find((t) => t.startOffset > inToken.startOffset) : undefined;
      const hasIn = (this.children(exclude)['Kw_in']?.length ?? 0) > 0;
      return {
        kind: 'ExcludeClause',
        span,
        conditions: conditionTokens.length > 0 ? conditionTokens.map((t) => this.name(t, 'a condition')) : [this.missing('a condition to exclude, like `exclude radiculopathy`')],
        within: hasIn ? this.name(withinToken, 'the list of codes to search, like `in diagnoses`') : null,
      };
    }
    const maxLevels = this.subnode(node, 'maxLevelsClause');
    if (maxLevels) {
      const span = this.nodeSpan(maxLevels);
      const named = this.token(maxLevels, 'AnyName');
      const limit = named ? this.name(named, 'a threshold') : this.numberLiteral(this.token(maxLevels, 'NumberLiteral'), 'a number of levels, like `max_levels 2`');
      return { kind: 'MaxLevelsClause', span, limit };
    }
    const require = this.subnode(node, 'requireClause');
    if (require) return { kind: 'RequireClause', span: this.nodeSpan(require), condition: this.conditionOrMissing(require) };
    const when = this.subnode(node, 'whenClause');
    if (when) return { kind: 'WhenClause', span: this.nodeSpan(when), condition: this.conditionOrMissing(when) };
    const cite = this.subnode(node, 'citeClause');
    if (cite) return this.cite(cite);
    const notStated = this.subnode(node, 'notStatedClause');
    if (notStated) {
      const met = this.token(notStated, 'Kw_met');
      const applicable = this.token(notStated, 'Kw_applicable');
      if (met && validToken(met)) {
        const note = this.textLiteral(this.token(notStated, 'AnyText'), 'the note in quotation marks, like `if not stated met "The frequency is not stated."`');
        return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: 'met', note };
      }
      if (applicable && validToken(applicable)) return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: 'not_applicable', note: null };
      return { kind: 'NotStatedClause', span: this.nodeSpan(notStated), counts: 'not_applicable', note: this.missing('`not applicable` or `met "…"` after `if not stated`') };
    }
    const reason = this.subnode(node, 'reasonClause');
    if (reason) return this.reasonClause(reason);
    const route = this.subnode(node, 'routeClause');
    if (route) return { kind: 'RouteClause', span: this.nodeSpan(route), route: this.name(this.token(route, 'AnyName'), 'the name of a route, like `route red_flag`') };
    const judgement = this.subnode(node, 'judgementClause');
    if (judgement) {
      const span = this.nodeSpan(judgement);
      return { kind: 'JudgementClause', span, question: this.textLiteral(this.token(judgement, 'AnyText'), 'the question for the physician reviewer, in quotation marks') };
    }
    return null;
  }

  private reasonClause(reason: CstNode): A.ReasonClause {
    const keyword = this.token(reason, 'Kw_missing') ? 'missing' : 'reason';
    return { kind: 'ReasonClause', span: this.nodeSpan(reason), keyword, text: this.textLiteral(this.token(reason, 'AnyText'), 'the reason in quotation marks') };
  }

  // ── conditions ─────────────────────────────────────────────────────────────────────────────────
  private conditionOrMissing(parent: CstNode): A.OrMissing<A.Condition> {
    const node = this.subnode(parent, 'condition');
    return node ? this.condition(node) : this.missing('a condition');
  }

  private condition(node: CstNode): A.OrMissing<A.Condition> {
    const operands = this.subnodes(node, 'andCondition').map((n) => this.andCondition(n));
    if (operands.length === 1) return operands[0] as A.OrMissing<A.Condition>;
    if (operands.length === 0) return this.missing('a condition');
    return { kind: 'Or', span: this.nodeSpan(node), operands };
  }

  private andCondition(node: CstNode): A.OrMissing<A.Condition> {
    const operands = this.subnodes(node, 'notCondition').map((n) => this.notCondition(n));
    if (operands.length === 1) return operands[0] as A.OrMissing<A.Condition>;
    if (operands.length === 0) return this.missing('a condition');
    return { kind: 'And', span: this.nodeSpan(node), operands };
  }

  private notCondition(node: CstNode): A.OrMissing<A.Condition> {
    const inner = this.subnode(node, 'notCondition');
    if ((this.children(node)['Kw_not']?.length ?? 0) > 0) {
      const span = this.nodeSpan(node);
      return { kind: 'Not', span, operand: inner ? this.notCondition(inner) : this.missing('a condition after `not`') };
    }
    const atom = this.subnode(node, 'atom');
    return atom ? this.atom(atom) : this.missing('a condition');
  }

  private conditionList(node: CstNode | undefined): A.OrMissing<A.Condition>[] {
    const items = this.subnodes(node, 'condition').map((c) => this.condition(c));
    return items.length > 0 ? items : [this.missing('a list of conditions in parentheses, like `(a, b)`')];
  }

  private recordSelection(node: CstNode | undefined): { records: A.OrMissing<A.Name>; where: A.OrMissing<A.Condition> | null } {
    const records = this.name(this.token(node, 'AnyName'), 'the name of a list of records, like prior_facet_blocks');
    const hasWhere = (this.children(node)['Kw_where']?.length ?? 0) > 0;
    const where = hasWhere ? this.conditionOrMissing(node as CstNode) : null;
    return { records, where };
  }

  private count(node: CstNode, expected: string): A.OrMissing<A.NumberLiteral> {
    return this.numberLiteral(this.token(node, 'NumberLiteral'), expected);
  }

  private atom(node: CstNode): A.OrMissing<A.Condition> {
    const parenthesised = this.subnode(node, 'parenthesised');
    if (parenthesised) {
      const inner = this.subnode(parenthesised, 'condition');
      return { kind: 'Group', span: this.nodeSpan(parenthesised), quantifier: 'all', count: null, items: [inner ? this.condition(inner) : this.missing('a condition')], parenthesised: true };
    }
    const allOf = this.subnode(node, 'allOf');
    if (allOf) {
      return { kind: 'Group', span: this.nodeSpan(allOf), quantifier: 'all', count: null, items: this.conditionList(this.subnode(allOf, 'conditionList')), parenthesised: false };
    }
    const anyOf = this.subnode(node, 'anyOf');
    if (anyOf) {
      const span = this.nodeSpan(anyOf);
      const list = this.subnode(anyOf, 'conditionList');
      if (list || (this.children(anyOf)['Kw_of']?.length ?? 0) > 0) {
        return { kind: 'Group', span, quantifier: 'any', count: null, items: this.conditionList(list), parenthesised: false };
      }
      return { kind: 'AnyRecord', span, ...this.recordSelection(this.subnode(anyOf, 'recordSelection')) };
    }
    const atLeast = this.subnode(node, 'atLeast');
    if (atLeast) {
      const span = this.nodeSpan(atLeast);
      const count = this.count(atLeast, 'a number, like `at least 2 of (a, b, c)`');
      const list = this.subnode(atLeast, 'conditionList');
      if (list || (this.children(atLeast)['Kw_of']?.length ?? 0) > 0) {
        return { kind: 'Group', span, quantifier: 'at_least', count, items: this.conditionList(list), parenthesised: false };
      }
      return {
        kind: 'RecordCount',
        span,
        quantifier: 'at_least',
        count,
        ...this.recordSelection(this.subnode(atLeast, 'recordSelection')),
        countingThisRequest: this.subnode(atLeast, 'countingThisRequest') !== undefined,
      };
    }
    const atMost = this.subnode(node, 'atMost');
    if (atMost) {
      const span = this.nodeSpan(atMost);
      const count = this.count(atMost, 'a number, like `at most 1 prior_facet_blocks`');
      return {
        kind: 'RecordCount',
        span,
        quantifier: 'at_most',
        count,
        ...this.recordSelection(this.subnode(atMost, 'recordSelection')),
        countingThisRequest: this.subnode(atMost, 'countingThisRequest') !== undefined,
      };
    }
    const every = this.subnode(node, 'everyRecord');
    if (every) {
      const span = this.nodeSpan(every);
      const selection = this.recordSelection(this.subnode(every, 'recordSelection'));
      const has = this.conditionOrMissing(every);
      return { kind: 'EveryRecord', span, ...selection, has };
    }
    const no = this.subnode(node, 'noRecord');
    if (no) {
      return { kind: 'RecordCount', span: this.nodeSpan(no), quantifier: 'no', count: null, ...this.recordSelection(this.subnode(no, 'recordSelection')), countingThisRequest: false };
    }
    const documented = this.subnode(node, 'documentedTest');
    if (documented) {
      return { kind: 'DocumentedTest', span: this.nodeSpan(documented), name: this.name(this.token(documented, 'AnyName'), 'a documentation item, like `documented flare_up`') };
    }
    const test = this.subnode(node, 'factTest');
    if (test) return this.factTest(test);
    return this.missing('a condition');
  }

  private factTest(node: CstNode): A.OrMissing<A.Condition> {
    const span = this.nodeSpan(node);
    const [subjectToken, ...addendTokens] = this.tokens(node, 'AnyName');
    if (!subjectToken) return this.missing('a fact');
    const subject: A.Name = { kind: 'Name', span: this.tokenSpan(subjectToken), text: subjectToken.image };
    const addends: A.Name[] = addendTokens.map((t) => ({ kind: 'Name', span: this.tokenSpan(t), text: t.image }));
    // Each `max` / `min` belongs to the term right after it.
    const endTokens = this.subnodes(node, 'rangeEnd').flatMap((n) => {
      const t = this.token(n, 'Kw_max', 'Kw_min');
      return t && validToken(t) ? [t] : [];
    });
    const terms = [subjectToken, ...addendTokens];
    const ends = terms.map((term, i): A.RangeEnd | null => {
      const after = i === 0 ? -1 : terms[i - 1]!.startOffset;
      const t = endTokens.find((e) => e.startOffset > after && e.startOffset < term.startOffset);
      return t ? { kind: 'RangeEnd', span: this.tokenSpan(t), end: t.image === 'max' ? 'max' : 'min' } : null;
    });
    const comparison = this.subnode(node, 'comparison');
    if (comparison) {
      const operators = this.subnodes(comparison, 'compareOperator');
      const amounts = this.subnodes(comparison, 'amount');
      const operator = this.operator(operators[0]);
      const value = this.amount(amounts[0]);
      const hasFor = (this.children(comparison)['Kw_for']?.length ?? 0) > 0;
      let duration: A.DurationClause | null = null;
      if (hasFor) {
        const forToken = this.token(comparison, 'Kw_for');
        const durationValue = this.amount(amounts[1]);
        const start = forToken?.startOffset ?? durationValue.span.start;
        duration = { kind: 'Duration', span: { start, end: Math.max(start, durationValue.span.end) }, operator: this.operator(operators[1]), value: durationValue };
      }
      return { kind: 'Compare', span, subject, addends, ends, operator, value, duration };
    }
    const is = this.subnode(node, 'isTest');
    if (is) {
      const negated = (this.children(is)['Kw_not']?.length ?? 0) > 0;
      const literals = this.subnodes(is, 'literal').map((l): A.OrMissing<A.Text | A.NumberLiteral | A.CodeLiteral> => {
        const token = this.token(l, 'AnyText', 'NumberLiteral', 'Code');
        if (!token) return this.missing('a value in quotation marks');
        if (token.tokenType.name === 'NumberLiteral') return this.numberLiteral(token, 'a number');
        if (token.tokenType.name === 'Code') return this.codeLiteral(token);
        return this.textLiteral(token, 'a value in quotation marks');
      });
      return { kind: 'Is', span, subject, negated, values: literals.length > 0 ? literals : [this.missing('a value in quotation marks')] };
    }
    return { kind: 'NameCondition', span: subject.span, name: subject };
  }

  private operator(node: CstNode | undefined): A.CompareOperator {
    if (this.token(node, 'GreaterEqual')) return '>=';
    if (this.token(node, 'LessEqual')) return '<=';
    if (this.token(node, 'Greater')) return '>';
    if (this.token(node, 'Less')) return '<';
    if (this.token(node, 'Equal')) return '=';
    if (this.token(node, 'Kw_most')) return '<=';
    return '>=';
  }

  /** A number written out, or a threshold's name. */
  private amount(node: CstNode | undefined): A.OrMissing<A.Quantity | A.Name> {
    const named = this.token(node, 'AnyName');
    return named ? this.name(named, 'a threshold') : this.quantity(this.subnode(node, 'quantity'));
  }

  private quantity(node: CstNode | undefined): A.OrMissing<A.Quantity> {
    const numberToken = this.token(node, 'NumberLiteral');
    if (!numberToken) return this.missing('a number, like `70%` or `6 weeks`');
    const number = this.numberLiteral(numberToken, 'a number') as A.NumberLiteral;
    const unit = this.unitName(this.subnode(node, 'unit'));
    return { kind: 'Quantity', span: { start: number.span.start, end: unit ? unit.span.end : number.span.end }, number, unit };
  }
}
