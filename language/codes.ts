/**
 * The one table of diagnostic codes. A code never changes meaning; retired codes are not reused.
 * Messages speak to a clinical policy author: what was written, what is expected, an example.
 *
 *   RUB10xx  reading the text (characters, quotes, grammar)
 *   RUB12xx  names (facts, conditions, sources, value sets, libraries, placeholders)
 *   RUB13xx  structure (what a guideline and a criterion must say)
 *   RUB14xx  types and units
 *   RUB15xx  thresholds and counts
 *   RUB16xx  clinical logic
 *   RUB19xx  Rubric itself (internal errors: a bug in Rubric, never in the guideline)
 */
import type { Diagnostic, RelatedLocation, Severity } from './diagnostic.js';
import type { Span } from './source.js';

export interface CodeDef<Args extends unknown[]> {
  readonly code: string;
  readonly severity: Severity;
  readonly message: (...args: Args) => string;
  /** How an author fixes it, in a sentence (CODES.md's "how to fix" column); every code has one. */
  readonly fix: string | undefined;
}

const def = <Args extends unknown[]>(code: string, severity: Severity, message: (...args: Args) => string): CodeDef<Args> => ({
  code,
  severity,
  message,
  fix: howToFix[code],
});

/** How to fix each code, for the author of a guideline. */
const howToFix: Readonly<Record<string, string>> = {
  RUB1001: 'Remove the character, or put it inside quotation marks if it belongs to a text.',
  RUB1002: 'Add the closing quotation mark (") before the end of the line.',
  RUB1003: 'Complete the line as the message says (a name, a number or a keyword is missing or out of place).',
  RUB1004: 'Start the file with `guideline <name>` or, for shared value sets, `library <name>`.',
  RUB1005: 'Write \\" for a quotation mark and \\\\ for a backslash; remove any other backslash.',
  RUB1006: 'Start the line with one of the keywords listed, or join conditions as the message shows.',
  RUB1008: 'Split the deep condition: give inner parts a criterion or a fact of their own, or list them side by side in one `all of (…)` or `any of (…)`.',
  RUB1007: 'Save the file as UTF-8 in your editor and check the special characters (°, é, …) afterwards.',
  RUB1201: 'Use a source listed under `sources`, or add the source there.',
  RUB1202: 'Use a value set the guideline or a library it `uses` defines, or define it with `valueset`.',
  RUB1203: 'Use a fact declared under `facts` (check the spelling), or declare it.',
  RUB1204: 'Use a `field` the records declare, or add the field under their `records from …` line.',
  RUB1205: 'Correct the library name after `uses`, and make sure the library file is checked with the guideline.',
  RUB1206: 'Rename one of the two, or remove the second declaration.',
  RUB1207: 'Use a documented fact or a value set (check the spelling), or declare the one you mean.',
  RUB1208: 'Name a fact or a threshold between the braces, or write {{ and }} for literal braces.',
  RUB1210: 'Use a threshold declared under `thresholds`, or declare it there.',
  RUB1211: 'Rename the fact or threshold; `matched` is reserved.',
  RUB1220: 'Use a route declared under `routes`, or declare it there.',
  RUB1230: 'Name a records fact of this guideline after `latest` or `earliest`.',
  RUB1231: 'Name a date field the records declare, or add it to them.',
  RUB1240: 'Correct the path to a field the case file has, or document the new field in runtime/case-file.schema.json.',
  RUB1241: 'Use a documentation item the case file lists, or add it (with what the records must show) to the case-file schema.',
  RUB1301: 'Add a `cite <source>` line to the criterion.',
  RUB1302: 'Cite the source from the criterion it supports, or remove it.',
  RUB1303: 'Add one `exclude`, `max_levels`, `require` or `judgement` line.',
  RUB1304: 'Move the second test into a criterion of its own, or join both with `and` under one `require`.',
  RUB1305: 'Keep one of the repeated lines.',
  RUB1306: 'Add the missing line to the guideline header, as in the example.',
  RUB1307: 'Add a `reason "…"` line with the sentence the letter should print.',
  RUB1308: 'Declare one fact counting the requested levels, or compare the fact you mean with `require`.',
  RUB1309: 'Declare one code list of that system, or name the one to search with `in <fact>`.',
  RUB1310: 'Move the sources, facts, criteria and routes into a guideline; keep only value sets in the library.',
  RUB1311: 'Use the threshold in a comparison, `max_levels` or a reason, or remove it.',
  RUB1320: 'Add a `reason "…"` line under `applies when` saying why such a case is outside the guideline.',
  RUB1321: 'Add `route <name>` to the criteria of that route, or remove the route.',
  RUB1322: 'Declare the other route, or remove `routes` and the `route` lines.',
  RUB1323: 'Describe the cases the guideline covers with facts of the case itself, not with records.',
  RUB1324: 'Put what the reviewer should weigh into the `judgement` question, and remove the line.',
  RUB1340: 'Add `if not stated not applicable` or `if not stated met "…"` to the criterion.',
  RUB1341: 'Write `max <fact>` or `min <fact>` to say which end of the range is tested.',
  RUB1401: 'Write the threshold in the unit the fact is measured in.',
  RUB1402: 'Compare the fact in the way its kind allows, as the message suggests.',
  RUB1403: 'Add `lasting <field>` to the fact\'s declaration, or remove `for …`.',
  RUB1404: 'Count or search a fact declared with `records from …`.',
  RUB1405: 'Search the value set in a code list of the same system.',
  RUB1406: 'Correct the code to the shape its system uses (see the example).',
  RUB1407: 'Add only amounts in the same unit.',
  RUB1408: 'Read the case value one way: make both facts the same kind, or read different paths.',
  RUB1409: 'Read the value as a `field` of the records that list it.',
  RUB1250: 'Use a path of the case file (runtime/case-file.schema.json lists them); none is more than a few levels deep.',
  RUB1420: 'Name a date field of the records after `latest` or `earliest`.',
  RUB1421: 'Declare a `fact` measuring from the latest record\'s date to the request, as in the example.',
  RUB1422: 'Move `latest` / `earliest` into a top-level `fact`.',
  RUB1423: 'Remove `max` / `min`: this fact is always one number.',
  RUB1430: 'Write the unit after the number, as in the example.',
  RUB1501: 'Use a percentage from 0% to 100%.',
  RUB1502: 'Use a number of zero or more.',
  RUB1503: 'Lower the number, or list more items.',
  RUB1504: 'Use a whole number.',
  RUB1505: 'Change the number so that a case can meet the test, or remove the test.',
  RUB1601: 'Remove the condition from the exclusion or from the requirement, or make one of them conditional with `when`.',
  RUB1610: 'Put the check in a criterion of its own, and keep the `judgement` alone in this one.',
  RUB1999: 'Nothing in the guideline: report the message to the Rubric maintainers; the other diagnostics of the file are still right.',
};

const didYouMean = (suggestion: string | undefined): string => (suggestion ? ` Did you mean '${suggestion}'?` : '');

// ── RUB10xx reading the text ─────────────────────────────────────────────────────────────────────
export const UnexpectedCharacter = def('RUB1001', 'error', (text: string) => `Rubric does not understand '${text}' here.`);
export const UnterminatedText = def(
  'RUB1002',
  'error',
  () => 'This text has no closing quotation mark ("). Close it on the same line.',
);
export const SyntaxError = def('RUB1003', 'error', (message: string) => message);
export const MissingHeader = def(
  'RUB1004',
  'error',
  () => 'A Rubric file starts with `guideline <name>` (a guideline) or `library <name>` (shared value sets).',
);
export const UnknownEscape = def(
  'RUB1005',
  'error',
  (escape: string) => `'${escape}' is not something text can contain. Write \\" for a quotation mark and \\\\ for a backslash.`,
);
export const UnexpectedWords = def(
  'RUB1006',
  'error',
  (words: string, hint: string) => `Rubric did not expect ${words} here. ${hint}`,
);
export const TooDeeplyNested = def(
  'RUB1008',
  'error',
  (limit: number, what: 'condition' | 'records' = 'condition') =>
    what === 'records'
      ? `These records are nested more than ${limit} levels deep (each \`field … records\` line holds the \`field\` lines after it), more than Rubric reads. Give the inner records a fact of their own.`
      : `This condition is nested more than ${limit} levels deep, more than Rubric reads. Give the inner parts names of their own (a criterion each), or list them side by side: \`all of (a, b, c)\`.`,
);
export const NotUtf8 = def(
  'RUB1007',
  'error',
  (encoding: string, line: number, column: number, byte: string) =>
    `This file is not UTF-8: it looks like ${encoding}. The first byte that is not UTF-8 (${byte}) is at line ${line}, column ${column}. ` +
    'Save the file as UTF-8 (most editors offer "Save with encoding"); otherwise its text would be garbled in determinations.',
);

// ── RUB12xx names ────────────────────────────────────────────────────────────────────────────────
export const UnknownSource = def(
  'RUB1201',
  'error',
  (name: string, suggestion?: string) =>
    `'${name}' is not a source this guideline lists under \`sources\`.${didYouMean(suggestion)}`,
);
export const UnknownValueSet = def(
  'RUB1202',
  'error',
  (name: string, suggestion?: string) => `'${name}' is not a value set this guideline defines or uses.${didYouMean(suggestion)}`,
);
export const UnknownFact = def(
  'RUB1203',
  'error',
  (name: string, suggestion?: string) => `'${name}' is not a fact this guideline declares under \`facts\`.${didYouMean(suggestion)}`,
);
export const UnknownField = def(
  'RUB1204',
  'error',
  (name: string, records: string, suggestion?: string) =>
    `'${name}' is not a field of ${records}.${didYouMean(suggestion)}`,
);
export const UnknownLibrary = def(
  'RUB1205',
  'error',
  (name: string, suggestion?: string) =>
    `'${name}' is not a library of value sets Rubric was given.${didYouMean(suggestion)} Check the name after \`uses\` and that its file is included.`,
);
export const DuplicateName = def(
  'RUB1206',
  'error',
  (what: string, name: string) => `There is already a ${what} named '${name}'. Give each one its own name.`,
);
export const ReservedName = def(
  'RUB1211',
  'error',
  (what: string, name: string) =>
    `'${name}' is a word reasons already use: {${name}} names the diagnoses an exclusion matched, so a ${what} cannot be called '${name}'. Give it a name that says what it is.`,
);
export const UnknownCondition = def(
  'RUB1207',
  'error',
  (name: string, suggestion?: string) => `'${name}' is not a condition this guideline defines.${didYouMean(suggestion)}`,
);
export const UnknownPlaceholder = def(
  'RUB1208',
  'error',
  (name: string, suggestion?: string) =>
    name === 'matched'
      ? '{matched} can only be used in a criterion that excludes conditions: it lists the case entries that matched.'
      : `{${name}} in this reason names no fact this guideline declares, so it cannot be filled in from the case.${didYouMean(suggestion)}`,
);
export const UnknownThreshold = def(
  'RUB1210',
  'error',
  (name: string, suggestion?: string) =>
    `'${name}' is not a threshold this guideline declares under \`thresholds\`.${didYouMean(suggestion)}`,
);
export const UnknownDateRecords = def(
  'RUB1230',
  'error',
  (name: string, pick: string, suggestion?: string) =>
    `'${name}' is not a list of records this guideline declares, so \`${pick}\` cannot pick a date from it.${didYouMean(suggestion)}`,
);
export const UnknownDateField = def(
  'RUB1231',
  'error',
  (field: string, records: string, suggestion?: string) => `'${records}' has no field '${field}'.${didYouMean(suggestion)}`,
);
export const UnknownRoute = def(
  'RUB1220',
  'error',
  (name: string, suggestion?: string) => `'${name}' is not a route this guideline declares under \`routes\`.${didYouMean(suggestion)}`,
);
export const UnknownCasePath = def(
  'RUB1240',
  'error',
  (path: string, suggestion?: string) =>
    `The case file has no field '${path}', so it is never stated and the letter would ask the provider for '${path}'.${didYouMean(suggestion)}` +
    (suggestion === undefined ? ' Use a field runtime/case-file.schema.json documents, or document the new field there.' : ''),
);
export const UnknownDocumentationItem = def(
  'RUB1241',
  'error',
  (item: string, suggestion?: string) =>
    `'${item}' is not a documentation item the case file lists.${didYouMean(suggestion)}` +
    (suggestion === undefined ? ' Use a listed item, or add this one under `documentation` in runtime/case-file.schema.json with a description of what the records must show.' : ''),
);

// ── RUB13xx structure ────────────────────────────────────────────────────────────────────────────
export const CriterionWithoutCitation = def(
  'RUB1301',
  'error',
  (criterion: string) => `Criterion '${criterion}' cites no source. Add a line like \`cite odg_facet\`.`,
);
export const UnusedSource = def(
  'RUB1302',
  'warning',
  (source: string) => `Source '${source}' is listed but nothing cites it.`,
);
export const CriterionWithoutTest = def(
  'RUB1303',
  'error',
  (criterion: string) =>
    `Criterion '${criterion}' does not say what to check. Add one line starting with \`exclude\`, \`max_levels\`, \`require\` or \`judgement\`.`,
);
export const SecondTest = def(
  'RUB1304',
  'error',
  (criterion: string) =>
    `Criterion '${criterion}' already says what to check. Split this into its own criterion, or join both with \`and\` under one \`require\`.`,
);
export const RepeatedClause = def(
  'RUB1305',
  'error',
  (clause: string, owner: string) => `${owner} already has a \`${clause}\` line. Keep one.`,
);
export const MissingHeaderField = def(
  'RUB1306',
  'error',
  (field: string, example: string) => `This guideline has no ${field}. Add a line like \`${example}\`.`,
);
export const CriterionWithoutReason = def(
  'RUB1307',
  'warning',
  (criterion: string) =>
    `Criterion '${criterion}' has no \`reason\`: a determination will print its description instead of the reviewer's sentence.`,
);
export const LevelsFactNeeded = def(
  'RUB1308',
  'error',
  (found: number) =>
    found === 0
      ? '`max_levels` needs a fact that counts the requested levels, like `fact requested_levels "levels requested" count levels of request.levels`.'
      : `\`max_levels\` cannot tell which of the ${found} level counts to use. Compare the one you mean instead, like \`require requested_levels <= 2\`.`,
);
export const DiagnosesFactNeeded = def(
  'RUB1309',
  'error',
  (system: string, found: number) =>
    found === 0
      ? `Checking ${system} codes needs a fact listing the case's ${system} codes, like \`fact diagnoses "diagnoses" codes icd10 from diagnoses\`.`
      : `There are ${found} ${system} code lists, so Rubric cannot tell which one to search. In \`exclude\`, name it, like \`exclude radiculopathy in diagnoses\`.`,
);
export const NotAGuideline = def(
  'RUB1310',
  'error',
  (what: string) => `A library holds value sets only; ${what} belong in a guideline.`,
);
export const UnusedThreshold = def(
  'RUB1311',
  'warning',
  (threshold: string) => `Threshold '${threshold}' is declared but no criterion or reason uses it.`,
);
export const LimitWithoutNotStated = def(
  'RUB1340',
  'warning',
  (fact: string, path: string) =>
    `'${fact}' reads ${path}, which a request often leaves out, and this limit would then make the criterion not documented. Say what it counts as then: add \`if not stated not applicable\` or \`if not stated met "…"\`.`,
);
export const RangeWithoutEnd = def(
  'RUB1341',
  'warning',
  (fact: string, path: string) =>
    `'${fact}' reads ${path}, which a request may give as a range like 4-8; compared as written, both ends must pass. Write \`max ${fact}\` or \`min ${fact}\` to test one end.`,
);
export const ScopeWithoutReason = def(
  'RUB1320',
  'error',
  () =>
    'This `applies when` line has no `reason`: a case outside the guideline would get a letter that does not say why. Add a line like `reason "The chronic pain guidelines do not apply to an acute injury."`.',
);
export const UnusedRoute = def(
  'RUB1321',
  'error',
  (route: string) =>
    `Route '${route}' has no criteria, so every case would meet it. Put a criterion in it with a line \`route ${route}\`, or remove the route.`,
);
export const SingleRoute = def(
  'RUB1322',
  'warning',
  (route: string) =>
    `This guideline declares only one route ('${route}'), so its criteria must always be met, like criteria without a route. Declare the other route, or remove \`routes\` and the \`route\` lines.`,
);
export const ScopeReadsRecords = def(
  'RUB1323',
  'error',
  (name: string) =>
    `\`applies when\` reads the case's own facts only, but this condition looks through the records of '${name}'. Say which cases the guideline covers with a fact of the case, like \`weeks_since_injury >= 12 weeks\`.`,
);
export const JudgementReasonUnused = def(
  'RUB1324',
  'warning',
  (keyword: string) =>
    `A criterion with \`judgement\` prints its question, never a \`${keyword}\` line. Put what the reviewer should weigh into the question, and remove this line.`,
);

// ── RUB14xx types and units ──────────────────────────────────────────────────────────────────────
export const UnitMismatch = def(
  'RUB1401',
  'error',
  (fact: string, declared: string, written: string) =>
    `'${fact}' is measured in ${declared}, but this threshold is in ${written}. Write it in ${declared}.`,
);
export const TypeMismatch = def('RUB1402', 'error', (message: string) => message);
export const DurationNotDeclared = def(
  'RUB1403',
  'error',
  (fact: string) =>
    `'${fact}' has no declared duration, so \`for\` cannot check how long it lasted. Add \`lasting <field>\` to its declaration.`,
);
export const NotRecords = def(
  'RUB1404',
  'error',
  (name: string) => `'${name}' is not a list of records, so it cannot be counted or searched. Declare it with \`records from …\`.`,
);
export const CodeSystemMismatch = def(
  'RUB1405',
  'error',
  (valueSet: string, setSystem: string, fact: string, factSystem: string) =>
    `Value set '${valueSet}' holds ${setSystem} codes, but '${fact}' lists ${factSystem} codes.`,
);
export const InvalidCode = def(
  'RUB1406',
  'error',
  (code: string, system: string, example: string) => `'${code}' is not a valid ${system} code (for example ${example}).`,
);
export const UnitsDoNotAdd = def(
  'RUB1407',
  'error',
  (first: string, firstUnit: string, other: string, otherUnit: string) =>
    `'${first}' is in ${firstUnit} but '${other}' is in ${otherUnit}: only amounts in the same unit can be added.`,
);
export const PathReadTwoWays = def(
  'RUB1408',
  'error',
  (fact: string, path: string, earlier: string, earlierKind: string, kind: string) =>
    `'${fact}' reads ${path} as ${kind}, but '${earlier}' reads it as ${earlierKind}. A case value is one kind of thing: read it one way.`,
);
export const PathInsideList = def(
  'RUB1409',
  'error',
  (fact: string, path: string, list: string, listFact: string) =>
    `'${fact}' reads ${path}, but ${list} is a list ('${listFact}' reads it): a value inside a list is read as a \`field\` of its records.`,
);
/** As deep as the runtime reads a case (runtime/json-data.ts `maxDepth`): a deeper path names what no case can state. */
export const MAX_PATH_SEGMENTS = 32;
export const PathTooDeep = def(
  'RUB1250',
  'error',
  (segments: number) =>
    `This path has ${segments} parts; a case file is read at most ${MAX_PATH_SEGMENTS} levels deep, so no case could ever state it.`,
);
export const DateFieldNotADate = def(
  'RUB1420',
  'error',
  (field: string, records: string, kind: string, pick: string) =>
    `'${field}' of '${records}' is ${kind}, not a date, so \`${pick}\` cannot pick it. Name a date field, like \`${pick} ${records}.date\`.`,
);
export const RecordElapsedReadsRequest = def(
  'RUB1421',
  'error',
  (field: string, records: string, path: string) =>
    `'${field}' is a field of '${records}', so ${path} would be read inside each record, where it is never stated. To measure from a record's date to the request, declare a fact: \`elapsed weeks from latest ${records}.date to ${path}\`.`,
);
export const PickInsideRecord = def(
  'RUB1422',
  'error',
  (pick: string) =>
    `\`${pick}\` picks one date among records, so it belongs in a \`fact\`, not in a \`field\` (a field reads its own record's date).`,
);
export const RangeEndOnNumber = def(
  'RUB1423',
  'error',
  (end: string, fact: string, paths: string) =>
    `'${fact}' is always one number, so \`${end}\` has no end to choose. Only ${paths} may be a range; remove \`${end}\`.`,
);
export const MissingUnit = def(
  'RUB1430',
  'error',
  (fact: string, unit: string, written: string, example: string) =>
    unit === 'percent' && Number(written) > 0 && Number(written) <= 1
      ? `'${fact}' is a percentage, and ${written} looks like a fraction; write ${example}.`
      : `'${fact}' is measured in ${unit}, but ${written} has no unit. Write the unit, like ${example}.`,
);

// ── RUB15xx thresholds and counts ────────────────────────────────────────────────────────────────
export const PercentOutOfRange = def(
  'RUB1501',
  'error',
  (written: string) => `${written} is not a possible percentage. Use a value from 0% to 100%.`,
);
export const NegativeNumber = def(
  'RUB1502',
  'error',
  (written: string, what: string) => `${written} cannot be negative: it is ${what}.`,
);
export const ImpossibleAtLeast = def(
  'RUB1503',
  'error',
  (needed: number, available: number) =>
    `\`at least ${needed} of\` can never be met: only ${available} item${available === 1 ? ' is' : 's are'} listed.`,
);
export const NotWholeNumber = def(
  'RUB1504',
  'error',
  (written: string, what: string) => `${written} is not a whole number, but ${what} are counted in whole numbers.`,
);
export const NeverMet = def(
  'RUB1505',
  'warning',
  (why: string) => `This test cannot work as written: ${why}`,
);

// ── RUB16xx clinical logic ───────────────────────────────────────────────────────────────────────
export const ExcludedAndRequired = def(
  'RUB1601',
  'error',
  (condition: string) =>
    `'${condition}' is both excluded and required by this guideline, so no case could ever meet it.`,
);
export const JudgementWithTest = def(
  'RUB1610',
  'error',
  (criterion: string) =>
    `Criterion '${criterion}' both asks the physician reviewer (\`judgement\`) and checks the case. A criterion does one: put the check in a criterion of its own.`,
);

// ── RUB19xx Rubric itself ────────────────────────────────────────────────────────────────────────
export const InternalError = def(
  'RUB1999',
  'error',
  (stage: string, detail: string) =>
    `Rubric itself failed while ${stage} this file (${detail}). This is a bug in Rubric, not in the guideline; please report it.`,
);

/** Every code, for the docs and for the test that each has an error fixture. */
export const allCodes: readonly CodeDef<never[]>[] = [
  UnexpectedCharacter, UnterminatedText, SyntaxError, MissingHeader, UnknownEscape, UnexpectedWords, NotUtf8, TooDeeplyNested,
  UnknownSource, UnknownValueSet, UnknownFact, UnknownField, UnknownLibrary, DuplicateName, UnknownCondition,
  UnknownPlaceholder, UnknownThreshold, ReservedName, UnknownRoute, UnknownDateRecords, UnknownDateField, UnknownCasePath, UnknownDocumentationItem,
  CriterionWithoutCitation, UnusedSource, CriterionWithoutTest, SecondTest, RepeatedClause, MissingHeaderField,
  CriterionWithoutReason, LevelsFactNeeded, DiagnosesFactNeeded, NotAGuideline, UnusedThreshold,
  ScopeWithoutReason, UnusedRoute, SingleRoute, ScopeReadsRecords, JudgementReasonUnused, LimitWithoutNotStated, RangeWithoutEnd,
  UnitMismatch, TypeMismatch, DurationNotDeclared, NotRecords, CodeSystemMismatch, InvalidCode, UnitsDoNotAdd, PathReadTwoWays, PathInsideList, PathTooDeep,
  DateFieldNotADate, RecordElapsedReadsRequest, PickInsideRecord, RangeEndOnNumber, MissingUnit,
  PercentOutOfRange, NegativeNumber, ImpossibleAtLeast, NotWholeNumber, NeverMet,
  ExcludedAndRequired, JudgementWithTest,
  InternalError,
] as unknown as readonly CodeDef<never[]>[];

export interface ReportOptions {
  readonly suggestion?: string | undefined;
  readonly related?: readonly RelatedLocation[] | undefined;
}

/** Build a diagnostic from a code definition: the only way diagnostics are made. */
export function diagnostic<Args extends unknown[]>(
  def: CodeDef<Args>,
  uri: string,
  span: Span,
  args: Args,
  options: ReportOptions = {},
): Diagnostic {
  return {
    code: def.code,
    severity: def.severity,
    message: def.message(...args),
    uri,
    span,
    ...(options.suggestion !== undefined ? { suggestion: options.suggestion } : {}),
    ...(options.related !== undefined && options.related.length > 0 ? { related: options.related } : {}),
  };
}
