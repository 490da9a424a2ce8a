/**
 * Tokens → concrete syntax tree. One module-singleton CstParser (constructing one is the slow part), with
 * error recovery on, so a broken line still leaves a tree for the rest of the file. The grammar is LL(1)
 * (`maxLookahead: 1`) except `atom`, which is LL(2); the other two-token choices are GATEs written out below
 * (`criteria if used anyway`, `missing "…"` in `applies when`, `, counting this request`). Every statement starts with a keyword.
 *
 * Rules that hold a list of mixed statements (`headerClause`, `section`, `criterionClause`, …) wrap each
 * statement in its own rule so the CST keeps them in source order.
 */
import { CstParser, EOF, tokenMatcher, type IOrAlt, type IParserConfig, type OrMethodOpts, type IRecognitionException, type IToken, type Rule, type TokenType } from 'chevrotain';
import type { DocumentCstNode } from './cst.generated.js';
import { grammarCheck } from './grammar-check.js';
import { clinicalErrorMessages } from './parse-messages.js';
import * as T from './tokens.js';

/** The statement lists a stray word can be found in (named after their rules; parse.ts words the hint for each). */
export type StrayList =
  | 'document' | 'guidelineHeader' | 'libraryHeader' | 'routesSection' | 'sourcesSection' | 'source' | 'factsSection'
  | 'thresholdsSection' | 'factType' | 'criteriaSection' | 'criterion';

/** A word that begins no statement of the list it is in, stepped over by the parser. */
export interface Stray {
  readonly token: IToken;
  readonly list: StrayList;
}

/** A lookup by token type index (`tokenTypeIdx`): true for the given token types. Cheaper in a GATE than `tokenMatcher`. */
function byIndex(...types: TokenType[]): readonly boolean[] {
  const table: boolean[] = [];
  for (const type of types) table[type.tokenTypeIdx as number] = true;
  return table;
}

const startsStatement = byIndex(...T.statementStarts);
const sectionStarts = byIndex(T.Uses, T.Sources, T.Facts, T.Thresholds, T.Criteria, T.ValueSetKw, T.Routes);
const headerClauseStarts = byIndex(T.Title, T.Version, T.Edition, T.Jurisdiction, T.Service, T.Recommendation, T.MissingKw, T.Applies);
const routeStarts = byIndex(T.RouteKw);
const sourceStarts = byIndex(T.SourceKw);
const sourceFieldStarts = byIndex(T.DocumentKw, T.Chapter, T.SectionKw, T.Page, T.Quote);
const factStarts = byIndex(T.FactKw);
const thresholdStarts = byIndex(T.ThresholdKw);
const fieldStarts = byIndex(T.Field);
const criterionStarts = byIndex(T.CriterionKw);
const criterionClauseStarts = byIndex(T.Exclude, T.MaxLevels, T.Require, T.When, T.Cite, T.Reason, T.MissingKw, T.If, T.RouteKw, T.Judgement);

export class RubricParser extends CstParser {
  constructor(config: Partial<IParserConfig> = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      // LL(1) everywhere but `atom` (below); the gates in this file decide the few two-token choices by hand.
      // A smaller maxLookahead makes the self-analysis at start-up cheaper and every decision faster.
      maxLookahead: 1,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: clinicalErrorMessages,
      ...config,
    });
    this.performSelfAnalysis();
  }

  /**
   * Every `OR`'s alternatives, built on its first call and reused (Chevrotain's performance guide, "caching arrays of
   * alternatives"): written inline, each call would allocate the array, its objects and their closures again — for
   * `atom`, twenty objects per condition. Keyed by rule and method; the closures read only `this`, the one parser.
   */
  private readonly alternatives: Record<string, IOrAlt<unknown>[] | OrMethodOpts<unknown>> = {};

  // ── stray words ────────────────────────────────────────────────────────────────────────────────
  /** The stray words of the current parse, in source order, with the list each was found in. */
  strays: Stray[] = [];

  /** True when the next token begins no statement: a list may step over it as a stray word. */
  private atStray(): boolean {
    const next = this.LA(1).tokenTypeIdx;
    return next !== EOF.tokenTypeIdx && startsStatement[next] !== true;
  }

  /** True when a statement list goes on: its next statement starts here (`starts`), or a stray word does. */
  private continues(starts: readonly boolean[]): boolean {
    return starts[this.LA(1).tokenTypeIdx] === true || this.atStray();
  }

  /** One stray word, stepped over so the rest of the file is still read; parse.ts reports each run of them. */
  stray = this.RULE('stray', () => {
    this.CONSUME(T.AnyToken);
  });

  /** Steps over one stray word of `list`, noting it (parse.ts reports them without walking the CST). */
  private strayWord(list: StrayList): void {
    const node = this.SUBRULE(this.stray);
    this.ACTION(() => {
      const token = node.children['AnyToken']?.[0];
      if (token && 'image' in token) this.strays.push({ token, list });
    });
  }

  private strayAlternative(list: StrayList) {
    return { GATE: () => this.atStray(), ALT: () => this.strayWord(list) };
  }

  // ── document ───────────────────────────────────────────────────────────────────────────────────
  document = this.RULE('document', () => {
    this.OR((this.alternatives.documentOR ??= [
      { ALT: () => this.SUBRULE(this.guidelineHeader) },
      { ALT: () => this.SUBRULE(this.libraryHeader) },
    ]));
    // To the end of the file: here every word that starts no section is stepped over as a stray, also a statement
    // out of place (`criterion` with no `criteria` line above it). Left to Chevrotain, each such statement would be
    // an in-repetition re-sync that recurses: 4,000 criteria without a `criteria` section took 8.5 s, then overflowed.
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.LA(1).tokenTypeIdx !== EOF.tokenTypeIdx,
      DEF: () =>
        this.OR2((this.alternatives.documentOR2 ??= {
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          DEF: [
            { GATE: () => sectionStarts[this.LA(1).tokenTypeIdx] !== true, ALT: () => this.strayWord('document') },
            { ALT: () => this.SUBRULE(this.section) },
          ],
        })),
    });
  });

  guidelineHeader = this.RULE('guidelineHeader', () => {
    this.CONSUME(T.Guideline);
    this.CONSUME(T.AnyName);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(headerClauseStarts),
      DEF: () => this.OR((this.alternatives.guidelineHeaderOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('guidelineHeader'), { ALT: () => this.SUBRULE(this.headerClause) }] })),
    });
  });

  libraryHeader = this.RULE('libraryHeader', () => {
    this.CONSUME(T.Library);
    this.CONSUME(T.AnyName);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(headerClauseStarts),
      DEF: () => this.OR((this.alternatives.libraryHeaderOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('libraryHeader'), { ALT: () => this.SUBRULE(this.headerClause) }] })),
    });
  });

  headerClause = this.RULE('headerClause', () => {
    this.OR((this.alternatives.headerClauseOR ??= [
      { ALT: () => this.SUBRULE(this.textClause) },
      { ALT: () => this.SUBRULE(this.serviceClause) },
      { ALT: () => this.SUBRULE(this.recommendationClause) },
      { ALT: () => this.SUBRULE(this.missingDocumentationClause) },
      { ALT: () => this.SUBRULE(this.appliesClause) },
    ]));
  });

  /**
   * `applies when <condition>` with its own `cite`, `reason "…"` and `missing "…"` lines: the guideline's scope.
   * LL(2) at `missing`: `missing "…"` belongs here, `missing documentation counts as …` to the header.
   */
  appliesClause = this.RULE('appliesClause', () => {
    this.CONSUME(T.Applies);
    this.CONSUME(T.When);
    this.SUBRULE(this.condition);
    this.MANY({
      GATE: () => !tokenMatcher(this.LA(1), T.MissingKw) || tokenMatcher(this.LA(2), T.AnyText),
      DEF: () => this.OR((this.alternatives.appliesClauseOR ??= [{ ALT: () => this.SUBRULE(this.citeClause) }, { ALT: () => this.SUBRULE(this.reasonClause) }])),
    });
  });

  textClause = this.RULE('textClause', () => {
    this.OR((this.alternatives.textClauseOR ??= [
      { ALT: () => this.CONSUME(T.Title) },
      { ALT: () => this.CONSUME(T.Version) },
      { ALT: () => this.CONSUME(T.Edition) },
      { ALT: () => this.CONSUME(T.Jurisdiction) },
    ]));
    this.CONSUME(T.AnyText);
  });

  serviceClause = this.RULE('serviceClause', () => {
    this.CONSUME(T.Service);
    this.OPTION(() => this.CONSUME(T.AnyText));
    this.MANY(() => {
      this.OR((this.alternatives.serviceClauseOR ??= [
        { ALT: () => this.SUBRULE(this.codeList) },
        {
          ALT: () => {
            this.CONSUME(T.Region);
            this.CONSUME(T.AnyName);
          },
        },
      ]));
    });
  });

  codeList = this.RULE('codeList', () => {
    this.SUBRULE(this.codeSystem);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.code) });
  });

  codeSystem = this.RULE('codeSystem', () => {
    this.OR((this.alternatives.codeSystemOR ??= [{ ALT: () => this.CONSUME(T.Icd10) }, { ALT: () => this.CONSUME(T.Cpt) }, { ALT: () => this.CONSUME(T.Hcpcs) }]));
  });

  code = this.RULE('code', () => {
    this.OR((this.alternatives.codeOR ??= [{ ALT: () => this.CONSUME(T.Code) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]));
  });

  /**
   * `recommendation not recommended[,] criteria if used anyway cite a, b`. The `criteria if used anyway` part is
   * gated on two tokens (`criteria if`, or `, criteria`): Chevrotain's lookahead for an OPTION sees only what follows
   * inside this rule, so on its own it would enter on `criteria` alone and swallow the `criteria` section that
   * may come next (issue 8; language/testdata/parse/issue-8-recommended-then-criteria.rubric).
   */
  recommendationClause = this.RULE('recommendationClause', () => {
    this.CONSUME(T.Recommendation);
    this.OR((this.alternatives.recommendationClauseOR ??= [
      { ALT: () => this.CONSUME(T.Recommended) },
      {
        ALT: () => {
          this.CONSUME(T.Conditionally);
          this.CONSUME2(T.Recommended);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.CONSUME3(T.Recommended);
        },
      },
    ]));
    this.OPTION({
      GATE: () =>
        (tokenMatcher(this.LA(1), T.Criteria) && tokenMatcher(this.LA(2), T.If)) ||
        (tokenMatcher(this.LA(1), T.Comma) && tokenMatcher(this.LA(2), T.Criteria)),
      DEF: () => {
        this.OPTION2(() => this.CONSUME(T.Comma));
        this.CONSUME(T.Criteria);
        this.CONSUME(T.If);
        this.CONSUME(T.Used);
        this.CONSUME(T.Anyway);
      },
    });
    this.OPTION3(() => this.SUBRULE(this.citeClause));
  });

  missingDocumentationClause = this.RULE('missingDocumentationClause', () => {
    this.CONSUME(T.MissingKw);
    this.CONSUME(T.Documentation);
    this.CONSUME(T.Counts);
    this.CONSUME(T.As);
    this.OR((this.alternatives.missingDocumentationClauseOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.CONSUME(T.Met);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Insufficient);
          this.CONSUME(T.Information);
        },
      },
    ]));
  });

  // ── sections ───────────────────────────────────────────────────────────────────────────────────
  section = this.RULE('section', () => {
    this.OR((this.alternatives.sectionOR ??= [
      { ALT: () => this.SUBRULE(this.usesSection) },
      { ALT: () => this.SUBRULE(this.sourcesSection) },
      { ALT: () => this.SUBRULE(this.factsSection) },
      { ALT: () => this.SUBRULE(this.thresholdsSection) },
      { ALT: () => this.SUBRULE(this.criteriaSection) },
      { ALT: () => this.SUBRULE(this.valueSet) },
      { ALT: () => this.SUBRULE(this.routesSection) },
    ]));
  });

  /** `routes` then `route <name> "<label>"` lines: the ways a request may meet the guideline. */
  routesSection = this.RULE('routesSection', () => {
    this.CONSUME(T.Routes);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(routeStarts),
      DEF: () => this.OR((this.alternatives.routesSectionOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('routesSection'), { ALT: () => this.SUBRULE(this.route) }] })),
    });
  });

  route = this.RULE('route', () => {
    this.CONSUME(T.RouteKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
  });

  usesSection = this.RULE('usesSection', () => {
    this.CONSUME(T.Uses);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.AnyName) });
  });

  sourcesSection = this.RULE('sourcesSection', () => {
    this.CONSUME(T.Sources);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(sourceStarts),
      DEF: () => this.OR((this.alternatives.sourcesSectionOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('sourcesSection'), { ALT: () => this.SUBRULE(this.source) }] })),
    });
  });

  source = this.RULE('source', () => {
    this.CONSUME(T.SourceKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(sourceFieldStarts),
      DEF: () => this.OR((this.alternatives.sourceOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('source'), { ALT: () => this.SUBRULE(this.sourceField) }] })),
    });
  });

  sourceField = this.RULE('sourceField', () => {
    this.OR((this.alternatives.sourceFieldOR ??= [
      { ALT: () => this.CONSUME(T.DocumentKw) },
      { ALT: () => this.CONSUME(T.Chapter) },
      { ALT: () => this.CONSUME(T.SectionKw) },
      { ALT: () => this.CONSUME(T.Page) },
      { ALT: () => this.CONSUME(T.Quote) },
    ]));
    this.OR2((this.alternatives.sourceFieldOR2 ??= [{ ALT: () => this.CONSUME(T.AnyText) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]));
  });

  factsSection = this.RULE('factsSection', () => {
    this.CONSUME(T.Facts);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(factStarts),
      DEF: () => this.OR((this.alternatives.factsSectionOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('factsSection'), { ALT: () => this.SUBRULE(this.fact) }] })),
    });
  });

  thresholdsSection = this.RULE('thresholdsSection', () => {
    this.CONSUME(T.Thresholds);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(thresholdStarts),
      DEF: () => this.OR((this.alternatives.thresholdsSectionOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('thresholdsSection'), { ALT: () => this.SUBRULE(this.threshold) }] })),
    });
  });

  /** `threshold <name> "<label>" <number with unit>`: a number the guideline states, named once, used by criteria and reasons. */
  threshold = this.RULE('threshold', () => {
    this.CONSUME(T.ThresholdKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.SUBRULE(this.quantity);
  });

  /** `fact <name> "<label>" <type>` */
  fact = this.RULE('fact', () => {
    this.CONSUME(T.FactKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.SUBRULE(this.factType);
  });

  /** Inside a records fact: `field <name> "<label>" <type>`. Only `field` lines belong to it. */
  field = this.RULE('field', () => {
    this.CONSUME(T.Field);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.SUBRULE(this.factType);
  });

  factType = this.RULE('factType', () => {
    this.OR((this.alternatives.factTypeOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Documented);
          this.CONSUME(T.From);
          this.SUBRULE(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.NumberKw);
          this.OPTION(() => this.SUBRULE(this.unit));
          this.CONSUME2(T.From);
          this.SUBRULE2(this.path);
          this.OPTION2(() => {
            this.CONSUME(T.Lasting);
            this.CONSUME(T.AnyName);
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Count);
          this.OPTION3(() => this.SUBRULE2(this.unit));
          this.CONSUME(T.Of);
          this.SUBRULE3(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Total);
          this.CONSUME2(T.Of);
          this.SUBRULE8(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Elapsed);
          this.SUBRULE3(this.unit);
          this.CONSUME7(T.From);
          this.OPTION5(() => this.SUBRULE(this.recordPick));
          this.SUBRULE9(this.path);
          this.CONSUME(T.To);
          this.SUBRULE(this.endPath);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Codes);
          this.SUBRULE(this.codeSystem);
          this.CONSUME3(T.From);
          this.SUBRULE4(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.TextKw);
          this.CONSUME4(T.From);
          this.SUBRULE5(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.DateKw);
          this.CONSUME5(T.From);
          this.SUBRULE6(this.path);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Records);
          this.CONSUME6(T.From);
          this.SUBRULE7(this.path);
          this.OPTION4(() => {
            this.CONSUME(T.Where);
            this.SUBRULE(this.condition);
          });
          this.MANY2({
            MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(fieldStarts),
            DEF: () => this.OR2((this.alternatives.factTypeOR2 ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('factType'), { ALT: () => this.SUBRULE(this.field) }] })),
          });
        },
      },
    ]));
  });

  /** A case-file path: `documentation.formal_rehabilitation_plan`, or one word like `diagnoses`. */
  path = this.RULE('path', () => {
    this.OR((this.alternatives.pathOR ??= [
      { ALT: () => this.CONSUME(T.Path) },
      { ALT: () => this.CONSUME(T.AnyName) },
    ]));
  });

  /** The later date of `elapsed … from <path> to <path>` (its own rule, so the AST can tell the two paths apart). */
  endPath = this.RULE('endPath', () => {
    this.OPTION(() => this.SUBRULE(this.recordPick));
    this.SUBRULE(this.path);
  });

  /** `latest surgeries.date` / `earliest …`: the most recent (first) stated date among the records a records fact selects. */
  recordPick = this.RULE('recordPick', () => {
    this.OR((this.alternatives.recordPickOR ??= [{ ALT: () => this.CONSUME(T.Latest) }, { ALT: () => this.CONSUME(T.Earliest) }]));
  });

  unit = this.RULE('unit', () => {
    this.OR((this.alternatives.unitOR ??= [{ ALT: () => this.CONSUME(T.PercentSign) }, { ALT: () => this.CONSUME(T.UnitWord) }]));
  });

  valueSet = this.RULE('valueSet', () => {
    this.CONSUME(T.ValueSetKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.codeList));
  });

  criteriaSection = this.RULE('criteriaSection', () => {
    this.CONSUME(T.Criteria);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(criterionStarts),
      DEF: () => this.OR((this.alternatives.criteriaSectionOR ??= { MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative('criteriaSection'), { ALT: () => this.SUBRULE(this.criterion) }] })),
    });
  });

  criterion = this.RULE('criterion', () => {
    this.CONSUME(T.CriterionKw);
    this.CONSUME(T.AnyName);
    this.OPTION(() => this.CONSUME(T.AnyText));
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(criterionClauseStarts),
      DEF: () =>
        this.OR((this.alternatives.criterionOR ??= {
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          // `if` is a soft word elsewhere, but in a criterion it starts `if not stated …`.
          DEF: [{ GATE: () => this.atStray() && !tokenMatcher(this.LA(1), T.If), ALT: () => this.strayWord('criterion') }, { ALT: () => this.SUBRULE(this.criterionClause) }],
        })),
    });
  });

  criterionClause = this.RULE('criterionClause', () => {
    this.OR((this.alternatives.criterionClauseOR ??= [
      { ALT: () => this.SUBRULE(this.excludeClause) },
      { ALT: () => this.SUBRULE(this.maxLevelsClause) },
      { ALT: () => this.SUBRULE(this.requireClause) },
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => this.SUBRULE(this.citeClause) },
      { ALT: () => this.SUBRULE(this.reasonClause) },
      { ALT: () => this.SUBRULE(this.notStatedClause) },
      { ALT: () => this.SUBRULE(this.routeClause) },
      { ALT: () => this.SUBRULE(this.judgementClause) },
    ]));
  });

  /** `if not stated not applicable` or `if not stated met "<note>"`: what a test that is not documented counts as. */
  notStatedClause = this.RULE('notStatedClause', () => {
    this.CONSUME(T.If);
    this.CONSUME(T.Not);
    this.CONSUME(T.Stated);
    this.OR((this.alternatives.notStatedClauseOR ??= [
      {
        ALT: () => {
          this.CONSUME2(T.Not);
          this.CONSUME(T.Applicable);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Met);
          this.CONSUME(T.AnyText);
        },
      },
    ]));
  });

  /** `route <name>`: the criterion belongs to that route (criteria without one apply on every route). */
  routeClause = this.RULE('routeClause', () => {
    this.CONSUME(T.RouteKw);
    this.CONSUME(T.AnyName);
  });

  /** `judgement "<question>"`: a test the reviewer answers, not the case data. */
  judgementClause = this.RULE('judgementClause', () => {
    this.CONSUME(T.Judgement);
    this.CONSUME(T.AnyText);
  });

  excludeClause = this.RULE('excludeClause', () => {
    this.CONSUME(T.Exclude);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.AnyName) });
    this.OPTION(() => {
      this.CONSUME(T.In);
      this.CONSUME2(T.AnyName);
    });
  });

  /** `max_levels 2` or `max_levels <threshold>`. */
  maxLevelsClause = this.RULE('maxLevelsClause', () => {
    this.CONSUME(T.MaxLevels);
    this.OR((this.alternatives.maxLevelsClauseOR ??= [{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.AnyName) }]));
  });

  requireClause = this.RULE('requireClause', () => {
    this.CONSUME(T.Require);
    this.SUBRULE(this.condition);
  });

  whenClause = this.RULE('whenClause', () => {
    this.CONSUME(T.When);
    this.SUBRULE(this.condition);
  });

  citeClause = this.RULE('citeClause', () => {
    this.CONSUME(T.Cite);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.AnyName) });
  });

  reasonClause = this.RULE('reasonClause', () => {
    this.OR((this.alternatives.reasonClauseOR ??= [{ ALT: () => this.CONSUME(T.Reason) }, { ALT: () => this.CONSUME(T.MissingKw) }]));
    this.CONSUME(T.AnyText);
  });

  // ── conditions ─────────────────────────────────────────────────────────────────────────────────
  condition = this.RULE('condition', () => {
    this.SUBRULE(this.andCondition);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andCondition);
    });
  });

  andCondition = this.RULE('andCondition', () => {
    this.SUBRULE(this.notCondition);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notCondition);
    });
  });

  notCondition = this.RULE('notCondition', () => {
    this.OR((this.alternatives.notConditionOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notCondition);
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]));
  });

  /** LL(2): `at least` / `at most`, and `documented <name>` against a fact named `documented`. */
  atom = this.RULE('atom', () => {
    this.OR((this.alternatives.atomOR ??= {
      MAX_LOOKAHEAD: 2,
      DEF: [
        { ALT: () => this.SUBRULE(this.parenthesised) },
        { ALT: () => this.SUBRULE(this.allOf) },
        { ALT: () => this.SUBRULE(this.anyOf) },
        { ALT: () => this.SUBRULE(this.atLeast) },
        { ALT: () => this.SUBRULE(this.atMost) },
        { ALT: () => this.SUBRULE(this.everyRecord) },
        { ALT: () => this.SUBRULE(this.noRecord) },
        { ALT: () => this.SUBRULE(this.documentedTest) },
        { ALT: () => this.SUBRULE(this.factTest) },
      ],
    }));
  });

  /** `documented flare_up`: documented present; absent or not stated is simply not met (LL(2) against a fact named `documented`). */
  documentedTest = this.RULE('documentedTest', () => {
    this.CONSUME(T.Documented);
    this.CONSUME(T.AnyName);
  });

  parenthesised = this.RULE('parenthesised', () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(T.RParen);
  });

  conditionList = this.RULE('conditionList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.condition) });
    this.CONSUME(T.RParen);
  });

  allOf = this.RULE('allOf', () => {
    this.CONSUME(T.All);
    this.CONSUME(T.Of);
    this.SUBRULE(this.conditionList);
  });

  /** `any of (…)` or `any <records> [where …]` (LL(2)). */
  anyOf = this.RULE('anyOf', () => {
    this.CONSUME(T.Any);
    this.OR((this.alternatives.anyOfOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Of);
          this.SUBRULE(this.conditionList);
        },
      },
      { ALT: () => this.SUBRULE(this.recordSelection) },
    ]));
  });

  /** `at least N of (…)` or `at least N <records> [where …] [, counting this request]` (LL(2) after `at`). */
  atLeast = this.RULE('atLeast', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Least);
    this.CONSUME(T.NumberLiteral);
    this.OR((this.alternatives.atLeastOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.Of);
          this.SUBRULE(this.conditionList);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.recordSelection);
          this.OPTION({ GATE: () => this.countingFollows(), DEF: () => this.SUBRULE(this.countingThisRequest) });
        },
      },
    ]));
  });

  atMost = this.RULE('atMost', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Most);
    this.CONSUME(T.NumberLiteral);
    this.SUBRULE(this.recordSelection);
    this.OPTION({ GATE: () => this.countingFollows(), DEF: () => this.SUBRULE(this.countingThisRequest) });
  });

  /**
   * Whether `[,] counting this request` comes next: `counting`, or a comma and then `counting`. LL(2), written out:
   * on the comma alone the OPTION would take the comma of a list it is in (`all of (at least 1 blocks where type is
   * "x", a)`) and then fail at `a` (issue 8; language/testdata/parse/issue-8-counting-in-a-list.rubric).
   */
  private countingFollows(): boolean {
    const next = this.LA(1).tokenTypeIdx;
    return next === T.Counting.tokenTypeIdx || (next === T.Comma.tokenTypeIdx && this.LA(2).tokenTypeIdx === T.Counting.tokenTypeIdx);
  }

  /** `[,] counting this request` — LL(2): a comma followed by `counting` belongs here, not to a list (`countingFollows`). */
  countingThisRequest = this.RULE('countingThisRequest', () => {
    this.OPTION(() => this.CONSUME(T.Comma));
    this.CONSUME(T.Counting);
    this.CONSUME(T.This);
    this.CONSUME(T.Request);
  });

  everyRecord = this.RULE('everyRecord', () => {
    this.CONSUME(T.Every);
    this.SUBRULE(this.recordSelection);
    this.CONSUME(T.Has);
    this.SUBRULE(this.condition);
  });

  noRecord = this.RULE('noRecord', () => {
    this.CONSUME(T.No);
    this.SUBRULE(this.recordSelection);
  });

  recordSelection = this.RULE('recordSelection', () => {
    this.CONSUME(T.AnyName);
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.SUBRULE(this.condition);
    });
  });

  /**
   * A fact on its own (documented / value set), compared with a threshold, or tested against values; facts added
   * with `+` must be compared: `prior_visits + requested_visits <= 10 visits`.
   */
  factTest = this.RULE('factTest', () => {
    this.OPTION3(() => this.SUBRULE(this.rangeEnd));
    this.CONSUME(T.AnyName);
    this.OPTION(() => {
      this.OR((this.alternatives.factTestOR ??= [
        {
          ALT: () => {
            this.AT_LEAST_ONE(() => {
              this.CONSUME(T.Plus);
              this.OPTION2(() => this.SUBRULE2(this.rangeEnd));
              this.CONSUME2(T.AnyName);
            });
            this.SUBRULE(this.comparison);
          },
        },
        { ALT: () => this.SUBRULE2(this.comparison) },
        { ALT: () => this.SUBRULE(this.isTest) },
      ]));
    });
  });

  /** `max` / `min` before a term: which end of a requested range (`{ "min": 4, "max": 8 }`) it tests. */
  rangeEnd = this.RULE('rangeEnd', () => {
    this.OR((this.alternatives.rangeEndOR ??= [{ ALT: () => this.CONSUME(T.MaxKw) }, { ALT: () => this.CONSUME(T.MinKw) }]));
  });

  comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.compareOperator);
    this.SUBRULE(this.amount);
    this.OPTION(() => {
      this.CONSUME(T.For);
      this.SUBRULE2(this.compareOperator);
      this.SUBRULE2(this.amount);
    });
  });

  /** A threshold: written out (`70%`) or named (`initial_relief_needed`). */
  amount = this.RULE('amount', () => {
    this.OR((this.alternatives.amountOR ??= [{ ALT: () => this.SUBRULE(this.quantity) }, { ALT: () => this.CONSUME(T.AnyName) }]));
  });

  compareOperator = this.RULE('compareOperator', () => {
    this.OR((this.alternatives.compareOperatorOR ??= [
      { ALT: () => this.CONSUME(T.GreaterEqual) },
      { ALT: () => this.CONSUME(T.LessEqual) },
      { ALT: () => this.CONSUME(T.Greater) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Equal) },
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.OR2((this.alternatives.compareOperatorOR2 ??= [{ ALT: () => this.CONSUME(T.Least) }, { ALT: () => this.CONSUME(T.Most) }]));
        },
      },
    ]));
  });

  quantity = this.RULE('quantity', () => {
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.SUBRULE(this.unit));
  });

  isTest = this.RULE('isTest', () => {
    this.CONSUME(T.Is);
    this.OPTION(() => this.CONSUME(T.Not));
    this.OR((this.alternatives.isTestOR ??= [
      {
        ALT: () => {
          this.CONSUME(T.One);
          this.CONSUME(T.Of);
          this.CONSUME(T.LParen);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.literal) });
          this.CONSUME(T.RParen);
        },
      },
      { ALT: () => this.SUBRULE2(this.literal) },
    ]));
  });

  literal = this.RULE('literal', () => {
    this.OR((this.alternatives.literalOR ??= [
      { ALT: () => this.CONSUME(T.AnyText) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Code) },
    ]));
  });
}

/**
 * The one parser, built on first use (its self-analysis is the slow part of start-up, and `rubric --help`
 * never parses). Validations run in parser.test.ts (RUBRIC_GRAMMAR_CHECK=1), not at start-up.
 */
let parser: RubricParser | undefined;

export interface ParseResult {
  /** The concrete syntax tree, typed by cst.generated.ts. */
  readonly cst: DocumentCstNode;
  readonly errors: readonly IRecognitionException[];
  /** The words the parser stepped over, in source order (also in the CST, as `stray` nodes). */
  readonly strays: readonly Stray[];
}

const theParser = (): RubricParser => (parser ??= new RubricParser({ skipValidations: !grammarCheck }));

export function parseTokens(tokens: IToken[]): ParseResult {
  const p = theParser();
  p.strays = [];
  p.input = tokens;
  const cst = p.document() as DocumentCstNode;
  return { cst, errors: p.errors, strays: p.strays };
}

/** The grammar as Chevrotain sees it, for generating cst.generated.ts (cst.test.ts). */
export const grammarProductions = (): Record<string, Rule> => theParser().getGAstProductions();

export type RuleName = keyof Omit<RubricParser, keyof CstParser>;
