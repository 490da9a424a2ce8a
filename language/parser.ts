/**
 * Tokens → concrete syntax tree. One module-singleton CstParser (constructing one is the slow part), with
 * error recovery on, so a broken line still leaves a tree for the rest of the file. The grammar is LL(1)
 * except where noted (LL(2) at most); every statement starts with a keyword.
 *
 * Rules that hold a list of mixed statements (`headerClause`, `section`, `criterionClause`, …) wrap each
 * statement in its own rule so the CST keeps them in source order.
 */
import { CstParser, EOF, tokenMatcher, type IParserConfig, type IRecognitionException, type IToken, type Rule, type TokenType } from 'chevrotain';
import type { DocumentCstNode } from './cst.generated.js';
import { grammarCheck } from './grammar-check.js';
import { clinicalErrorMessages } from './parse-messages.js';
import * as T from './tokens.js';

export class RubricParser extends CstParser {
  constructor(config: Partial<IParserConfig> = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      nodeLocationTracking: 'onlyOffset',
      errorMessageProvider: clinicalErrorMessages,
      ...config,
    });
    this.performSelfAnalysis();
  }

  // ── stray words ────────────────────────────────────────────────────────────────────────────────
  /** True when the next token begins no statement: a list may step over it as a stray word. */
  private atStray(): boolean {
    const next = this.LA(1).tokenType;
    return next !== EOF && !T.statementStarts.some((start) => tokenMatcher(this.LA(1), start));
  }

  /** True when a statement list goes on: its next statement starts here, or a stray word does. */
  private continues(...starts: TokenType[]): boolean {
    return starts.some((start) => tokenMatcher(this.LA(1), start)) || this.atStray();
  }

  /** One stray word, stepped over so the rest of the file is still read; parse.ts reports each run of them. */
  stray = this.RULE('stray', () => {
    this.CONSUME(T.AnyToken);
  });

  private strayAlternative() {
    return { GATE: () => this.atStray(), ALT: () => this.SUBRULE(this.stray) };
  }

  // ── document ───────────────────────────────────────────────────────────────────────────────────
  document = this.RULE('document', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.guidelineHeader) },
      { ALT: () => this.SUBRULE(this.libraryHeader) },
    ]);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.Uses, T.Sources, T.Facts, T.Thresholds, T.Criteria, T.ValueSetKw, T.Routes),
      DEF: () => this.OR2({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.section) }] }),
    });
  });

  guidelineHeader = this.RULE('guidelineHeader', () => {
    this.CONSUME(T.Guideline);
    this.CONSUME(T.AnyName);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.Title, T.Version, T.Edition, T.Jurisdiction, T.Service, T.Recommendation, T.MissingKw, T.Applies),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.headerClause) }] }),
    });
  });

  libraryHeader = this.RULE('libraryHeader', () => {
    this.CONSUME(T.Library);
    this.CONSUME(T.AnyName);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.Title, T.Version, T.Edition, T.Jurisdiction, T.Service, T.Recommendation, T.MissingKw, T.Applies),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.headerClause) }] }),
    });
  });

  headerClause = this.RULE('headerClause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.textClause) },
      { ALT: () => this.SUBRULE(this.serviceClause) },
      { ALT: () => this.SUBRULE(this.recommendationClause) },
      { ALT: () => this.SUBRULE(this.missingDocumentationClause) },
      { ALT: () => this.SUBRULE(this.appliesClause) },
    ]);
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
      DEF: () => this.OR([{ ALT: () => this.SUBRULE(this.citeClause) }, { ALT: () => this.SUBRULE(this.reasonClause) }]),
    });
  });

  textClause = this.RULE('textClause', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Title) },
      { ALT: () => this.CONSUME(T.Version) },
      { ALT: () => this.CONSUME(T.Edition) },
      { ALT: () => this.CONSUME(T.Jurisdiction) },
    ]);
    this.CONSUME(T.AnyText);
  });

  serviceClause = this.RULE('serviceClause', () => {
    this.CONSUME(T.Service);
    this.OPTION(() => this.CONSUME(T.AnyText));
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.codeList) },
        {
          ALT: () => {
            this.CONSUME(T.Region);
            this.CONSUME(T.AnyName);
          },
        },
      ]);
    });
  });

  codeList = this.RULE('codeList', () => {
    this.SUBRULE(this.codeSystem);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.code) });
  });

  codeSystem = this.RULE('codeSystem', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Icd10) }, { ALT: () => this.CONSUME(T.Cpt) }, { ALT: () => this.CONSUME(T.Hcpcs) }]);
  });

  code = this.RULE('code', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Code) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
  });

  /**
   * `recommendation not recommended[,] criteria if used anyway cite a, b`. The `criteria if used anyway` part is
   * gated on two tokens (`criteria if`, or `, criteria`): Chevrotain's lookahead for an OPTION sees only what follows
   * inside this rule, so on its own it would enter on `criteria` alone and swallow the `criteria` section that
   * may come next (issue 8; language/testdata/parse/issue-8-recommended-then-criteria.rubric).
   */
  recommendationClause = this.RULE('recommendationClause', () => {
    this.CONSUME(T.Recommendation);
    this.OR([
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
    ]);
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
    this.OR([
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
    ]);
  });

  // ── sections ───────────────────────────────────────────────────────────────────────────────────
  section = this.RULE('section', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.usesSection) },
      { ALT: () => this.SUBRULE(this.sourcesSection) },
      { ALT: () => this.SUBRULE(this.factsSection) },
      { ALT: () => this.SUBRULE(this.thresholdsSection) },
      { ALT: () => this.SUBRULE(this.criteriaSection) },
      { ALT: () => this.SUBRULE(this.valueSet) },
      { ALT: () => this.SUBRULE(this.routesSection) },
    ]);
  });

  /** `routes` then `route <name> "<label>"` lines: the ways a request may meet the guideline. */
  routesSection = this.RULE('routesSection', () => {
    this.CONSUME(T.Routes);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.RouteKw),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.route) }] }),
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
      GATE: () => this.continues(T.SourceKw),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.source) }] }),
    });
  });

  source = this.RULE('source', () => {
    this.CONSUME(T.SourceKw);
    this.CONSUME(T.AnyName);
    this.CONSUME(T.AnyText);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.DocumentKw, T.Chapter, T.SectionKw, T.Page, T.Quote),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.sourceField) }] }),
    });
  });

  sourceField = this.RULE('sourceField', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.DocumentKw) },
      { ALT: () => this.CONSUME(T.Chapter) },
      { ALT: () => this.CONSUME(T.SectionKw) },
      { ALT: () => this.CONSUME(T.Page) },
      { ALT: () => this.CONSUME(T.Quote) },
    ]);
    this.OR2([{ ALT: () => this.CONSUME(T.AnyText) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
  });

  factsSection = this.RULE('factsSection', () => {
    this.CONSUME(T.Facts);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.FactKw),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.fact) }] }),
    });
  });

  thresholdsSection = this.RULE('thresholdsSection', () => {
    this.CONSUME(T.Thresholds);
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.ThresholdKw),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.threshold) }] }),
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
    this.OR([
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
      GATE: () => this.continues(T.Field),
            DEF: () => this.OR2({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.field) }] }),
          });
        },
      },
    ]);
  });

  /** A case-file path: `documentation.formal_rehabilitation_plan`, or one word like `diagnoses`. */
  path = this.RULE('path', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Path) },
      { ALT: () => this.CONSUME(T.AnyName) },
    ]);
  });

  /** The later date of `elapsed … from <path> to <path>` (its own rule, so the AST can tell the two paths apart). */
  endPath = this.RULE('endPath', () => {
    this.OPTION(() => this.SUBRULE(this.recordPick));
    this.SUBRULE(this.path);
  });

  /** `latest surgeries.date` / `earliest …`: the most recent (first) stated date among the records a records fact selects. */
  recordPick = this.RULE('recordPick', () => {
    this.OR([{ ALT: () => this.CONSUME(T.Latest) }, { ALT: () => this.CONSUME(T.Earliest) }]);
  });

  unit = this.RULE('unit', () => {
    this.OR([{ ALT: () => this.CONSUME(T.PercentSign) }, { ALT: () => this.CONSUME(T.UnitWord) }]);
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
      GATE: () => this.continues(T.CriterionKw),
      DEF: () => this.OR({ MAX_LOOKAHEAD: 1, IGNORE_AMBIGUITIES: true, DEF: [this.strayAlternative(), { ALT: () => this.SUBRULE(this.criterion) }] }),
    });
  });

  criterion = this.RULE('criterion', () => {
    this.CONSUME(T.CriterionKw);
    this.CONSUME(T.AnyName);
    this.OPTION(() => this.CONSUME(T.AnyText));
    this.MANY({
      MAX_LOOKAHEAD: 1,
      GATE: () => this.continues(T.Exclude, T.MaxLevels, T.Require, T.When, T.Cite, T.Reason, T.MissingKw, T.If, T.RouteKw, T.Judgement),
      DEF: () =>
        this.OR({
          MAX_LOOKAHEAD: 1,
          IGNORE_AMBIGUITIES: true,
          // `if` is a soft word elsewhere, but in a criterion it starts `if not stated …`.
          DEF: [{ GATE: () => this.atStray() && !tokenMatcher(this.LA(1), T.If), ALT: () => this.SUBRULE(this.stray) }, { ALT: () => this.SUBRULE(this.criterionClause) }],
        }),
    });
  });

  criterionClause = this.RULE('criterionClause', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.excludeClause) },
      { ALT: () => this.SUBRULE(this.maxLevelsClause) },
      { ALT: () => this.SUBRULE(this.requireClause) },
      { ALT: () => this.SUBRULE(this.whenClause) },
      { ALT: () => this.SUBRULE(this.citeClause) },
      { ALT: () => this.SUBRULE(this.reasonClause) },
      { ALT: () => this.SUBRULE(this.notStatedClause) },
      { ALT: () => this.SUBRULE(this.routeClause) },
      { ALT: () => this.SUBRULE(this.judgementClause) },
    ]);
  });

  /** `if not stated not applicable` or `if not stated met "<note>"`: what a test that is not documented counts as. */
  notStatedClause = this.RULE('notStatedClause', () => {
    this.CONSUME(T.If);
    this.CONSUME(T.Not);
    this.CONSUME(T.Stated);
    this.OR([
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
    ]);
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
    this.OR([{ ALT: () => this.CONSUME(T.NumberLiteral) }, { ALT: () => this.CONSUME(T.AnyName) }]);
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
    this.OR([{ ALT: () => this.CONSUME(T.Reason) }, { ALT: () => this.CONSUME(T.MissingKw) }]);
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
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notCondition);
        },
      },
      { ALT: () => this.SUBRULE(this.atom) },
    ]);
  });

  atom = this.RULE('atom', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.parenthesised) },
      { ALT: () => this.SUBRULE(this.allOf) },
      { ALT: () => this.SUBRULE(this.anyOf) },
      { ALT: () => this.SUBRULE(this.atLeast) },
      { ALT: () => this.SUBRULE(this.atMost) },
      { ALT: () => this.SUBRULE(this.everyRecord) },
      { ALT: () => this.SUBRULE(this.noRecord) },
      { ALT: () => this.SUBRULE(this.documentedTest) },
      { ALT: () => this.SUBRULE(this.factTest) },
    ]);
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
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Of);
          this.SUBRULE(this.conditionList);
        },
      },
      { ALT: () => this.SUBRULE(this.recordSelection) },
    ]);
  });

  /** `at least N of (…)` or `at least N <records> [where …] [, counting this request]` (LL(2) after `at`). */
  atLeast = this.RULE('atLeast', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Least);
    this.CONSUME(T.NumberLiteral);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Of);
          this.SUBRULE(this.conditionList);
        },
      },
      {
        ALT: () => {
          this.SUBRULE(this.recordSelection);
          this.OPTION(() => this.SUBRULE(this.countingThisRequest));
        },
      },
    ]);
  });

  atMost = this.RULE('atMost', () => {
    this.CONSUME(T.At);
    this.CONSUME(T.Most);
    this.CONSUME(T.NumberLiteral);
    this.SUBRULE(this.recordSelection);
    this.OPTION(() => this.SUBRULE(this.countingThisRequest));
  });

  /** `[,] counting this request` — LL(2): a comma followed by `counting` belongs here, not to a list. */
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
      this.OR([
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
      ]);
    });
  });

  /** `max` / `min` before a term: which end of a requested range (`{ "min": 4, "max": 8 }`) it tests. */
  rangeEnd = this.RULE('rangeEnd', () => {
    this.OR([{ ALT: () => this.CONSUME(T.MaxKw) }, { ALT: () => this.CONSUME(T.MinKw) }]);
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
    this.OR([{ ALT: () => this.SUBRULE(this.quantity) }, { ALT: () => this.CONSUME(T.AnyName) }]);
  });

  compareOperator = this.RULE('compareOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.GreaterEqual) },
      { ALT: () => this.CONSUME(T.LessEqual) },
      { ALT: () => this.CONSUME(T.Greater) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Equal) },
      {
        ALT: () => {
          this.CONSUME(T.At);
          this.OR2([{ ALT: () => this.CONSUME(T.Least) }, { ALT: () => this.CONSUME(T.Most) }]);
        },
      },
    ]);
  });

  quantity = this.RULE('quantity', () => {
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.SUBRULE(this.unit));
  });

  isTest = this.RULE('isTest', () => {
    this.CONSUME(T.Is);
    this.OPTION(() => this.CONSUME(T.Not));
    this.OR([
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
    ]);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.AnyText) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.Code) },
    ]);
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
}

const theParser = (): RubricParser => (parser ??= new RubricParser({ skipValidations: !grammarCheck }));

export function parseTokens(tokens: IToken[]): ParseResult {
  const p = theParser();
  p.input = tokens;
  const cst = p.document() as DocumentCstNode;
  return { cst, errors: [...p.errors] };
}

/** The grammar as Chevrotain sees it, for generating cst.generated.ts (cst.test.ts). */
export const grammarProductions = (): Record<string, Rule> => theParser().getGAstProductions();

export type RuleName = keyof Omit<RubricParser, keyof CstParser>;
