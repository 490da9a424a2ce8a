/**
 * Parser error messages in a clinical author's words. Chevrotain asks this provider for each message; we
 * answer with what was expected (token LABELs) plus an example of the statement being written.
 */
import { tokenLabel, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';

/** What each rule is, with an example, for "Expected … like …" hints. */
const examples: Readonly<Record<string, string>> = {
  document: '`guideline cervical_facet_injection` or `library spine`',
  guidelineHeader: '`guideline cervical_facet_injection`',
  libraryHeader: '`library spine`',
  textClause: '`title "Cervical facet joint injections"`',
  serviceClause: '`service "Facet joint injection" cpt 64490, 64491 region cervical`',
  codeList: '`icd10 M50.1*, M54.1*`',
  codeSystem: '`icd10`, `cpt` or `hcpcs`',
  code: '`M54.12` or `64490`',
  recommendationClause: '`recommendation not recommended, criteria if used anyway`',
  missingDocumentationClause: '`missing documentation counts as not met`',
  usesSection: '`uses spine`',
  source: '`source odg_facet "ODG Neck and Upper Back, Facet joint injections"`',
  sourceField: '`page 181` or `quote "…"`',
  fact: '`fact rehabilitation_plan "formal plan of rehabilitation" documented from documentation.formal_rehabilitation_plan`',
  field: '`field initial_relief "initial pain relief" number percent from response.initial_relief_percent`',
  factType: '`documented from documentation.formal_rehabilitation_plan` or `count levels of request.levels`',
  path: '`documentation.formal_rehabilitation_plan`',
  endPath: '`request.date_requested`',
  unit: '`%`, `weeks` or `levels`',
  valueSet: '`valueset radiculopathy "radiculopathy" icd10 M50.1*, M54.1*`',
  criterion: '`criterion two_levels "No more than 2 levels may be blocked at any one time."`',
  excludeClause: '`exclude radiculopathy`',
  maxLevelsClause: '`max_levels 2`',
  requireClause: '`require rehabilitation_plan`',
  whenClause: '`when any prior_facet_blocks`',
  citeClause: '`cite odg_facet`',
  reasonClause: '`reason "There is no evidence of a formal plan of rehabilitation."`',
  condition: '`initial_relief >= 70%`',
  conditionList: '`(initial_relief >= 70%, sustained_relief >= 50%)`',
  atLeast: '`at least 2 of (a, b, c)`',
  atMost: '`at most 1 prior_facet_blocks, counting this request`',
  countingThisRequest: '`counting this request`',
  everyRecord: '`every prior_facet_blocks has initial_relief >= 70%`',
  recordSelection: '`prior_facet_blocks where type is "facet_intra_articular_block"`',
  comparison: '`>= 70%` or `>= 50% for >= 6 weeks`',
  factTest: '`prior_visits + requested_visits <= 10 visits`',
  compareOperator: '`>=`, `<=` or `at least`',
  quantity: '`70%` or `6 weeks`',
  amount: '`70%`, `6 weeks` or a threshold\'s name',
  threshold: '`threshold initial_relief_needed "initial pain relief" 70%`',
  thresholdsSection: '`threshold initial_relief_needed "initial pain relief" 70%`',
  isTest: '`is "facet_intra_articular_block"` or `is one of ("a", "b")`',
  literal: '`"facet_intra_articular_block"` or `M54.12`',
  documentedTest: '`documented flare_up`',
  notStatedClause: '`if not stated not applicable` or `if not stated met "The frequency is not stated."`',
  rangeEnd: '`max requested_visits <= 10 visits`',
  recordPick: '`latest surgeries.date`',
};

/** Specific wording for the expectations clinicians hit most. */
const specific: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  maxLevelsClause: { NumberLiteral: 'Expected a number of levels, like `max_levels 2`' },
  threshold: { NumberLiteral: 'Expected the threshold\'s value, like `threshold initial_relief_needed "initial pain relief" 70%`' },
  guidelineHeader: { AnyName: 'Expected the guideline\'s name after `guideline`, like `guideline cervical_facet_injection`' },
  criterion: { AnyName: 'Expected the criterion\'s name after `criterion`, like `criterion two_levels`' },
  citeClause: { AnyName: 'Expected the name of a source after `cite`, like `cite odg_facet`' },
  excludeClause: { AnyName: 'Expected a condition to exclude, like `exclude radiculopathy`' },
  reasonClause: { AnyText: 'Expected the reason in quotation marks, like `reason "There is no evidence of a formal plan of rehabilitation."`' },
  atLeast: { NumberLiteral: 'Expected a number after `at least`, like `at least 2 of (a, b, c)`' },
  atMost: { NumberLiteral: 'Expected a number after `at most`, like `at most 1 prior_facet_blocks`' },
};

/** What a rule expects, in words, when none of its alternatives fits. */
const expectsInWords: Readonly<Record<string, string>> = {
  document: 'the file to start with `guideline <name>` or `library <name>`',
  maxLevelsClause: 'a number of levels, like `max_levels 2`',
  amount: 'a number here, like `70%` or `6 weeks`',
  code: 'a code, like `M54.12` or `64490`',
  codeSystem: 'a code system: `icd10`, `cpt` or `hcpcs`',
  factType: 'what kind of fact this is, like `documented from documentation.formal_rehabilitation_plan` or `count levels of request.levels`',
  path: 'a case-file path, like `documentation.formal_rehabilitation_plan`',
  unit: 'a unit, like `%`, `weeks` or `levels`',
  sourceField: '`document`, `chapter`, `section`, `page` or `quote`',
  criterionClause: 'a criterion line starting with `exclude`, `max_levels`, `require`, `when`, `cite`, `reason`, `missing` or `if not stated`',
  notCondition: 'a condition, like `initial_relief >= 70%` or `rehabilitation_plan`',
  atom: 'a condition, like `initial_relief >= 70%` or `rehabilitation_plan`',
  condition: 'a condition, like `initial_relief >= 70%` or `rehabilitation_plan`',
  conditionList: 'a condition, like `initial_relief >= 70%`',
  compareOperator: 'a comparison, like `>=` or `at least`',
  literal: 'a value, like `"facet_intra_articular_block"` or `M54.12`',
  isTest: 'a value, like `"facet_intra_articular_block"` or `one of ("a", "b")`',
  recommendationClause: '`recommended`, `conditionally recommended` or `not recommended`',
  missingDocumentationClause: '`not met` or `insufficient information`',
  valueSet: 'a code list, like `icd10 M50.1*, M54.1*`',
  anyOf: '`of (…)` or the name of a list of records',
  citeClause: 'the name of a source, like `cite odg_facet`',
  usesSection: 'the name of a library, like `uses spine`',
  excludeClause: 'a condition to exclude, like `exclude radiculopathy`',
  atLeast: '`of (…)` or the name of a list of records',
  notStatedClause: '`not applicable` or `met "…"` after `if not stated`',
};

const notExpected = (token: IToken): string =>
  `Rubric did not expect ${describeToken(token)} here. A new part starts with \`uses\`, \`sources\`, \`facts\`, \`thresholds\`, \`criteria\` or \`valueset\`; a criterion's lines start with \`exclude\`, \`max_levels\`, \`require\`, \`when\`, \`cite\`, \`reason\` or \`missing\`.`;

const describeToken = (token: IToken): string => {
  if (token.tokenType.name === 'EOF' || token.image === '') return 'the end of the file';
  const image = token.image.length > 30 ? `${token.image.slice(0, 30)}…` : token.image;
  return `'${image}'`;
};

const label = (type: TokenType): string => {
  const text = tokenLabel(type);
  return text.startsWith('"') ? `\`${text.slice(1, -1)}\`` : text;
};

const orList = (items: readonly string[]): string => {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  const shown = unique.length > 6 ? [...unique.slice(0, 6), 'another statement'] : unique;
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
};

const example = (ruleName: string): string => {
  const text = examples[ruleName];
  return text ? `, like ${text}` : '';
};

export const clinicalErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (expected.name === 'EOF') return notExpected(actual);
    const hint = specific[ruleName]?.[expected.name];
    if (hint) return `${hint}, but found ${describeToken(actual)}.`;
    return `Expected ${label(expected)} here${example(ruleName)}, but found ${describeToken(actual)}.`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return notExpected(firstRedundant);
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = expectedPathsPerAlt.flatMap((paths) => paths.map((path) => (path[0] ? label(path[0]) : '')).filter(Boolean));
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    const words = expectsInWords[ruleName];
    if (words) return `Expected ${words}, but found ${found}.`;
    return `Expected ${orList(firsts)} here${example(ruleName)}, but found ${found}.`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const firsts = expectedIterationPaths.map((path) => (path[0] ? label(path[0]) : '')).filter(Boolean);
    const found = actual[0] ? describeToken(actual[0]) : 'the end of the file';
    const words = expectsInWords[ruleName];
    if (words) return `Expected ${words}, but found ${found}.`;
    return `Expected at least one ${orList(firsts)} here${example(ruleName)}, but found ${found}.`;
  },
};
