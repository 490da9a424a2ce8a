/**
 * The data-source adapter that lets cql-execution read the benchmark's case objects (bench/generate-cases.ts) as
 * they are, with no conversion: the ELM's data model `RubricBench` (uri `urn:rubric:bench`) has one record type,
 * `Case`, and the retrieve `[RubricBench.Case]` returns the case object itself. cql-execution's `Property`
 * expression reads a plain object's own fields (`obj[path]`, then a dotted path part by part), so the ELM reads
 * `documentation.facet_joint_pain_signs` straight from the case and a field that is left out reads as null, the same
 * as one that is null: CQL's "not stated".
 *
 * One case per `exec`, as a review service evaluates one request: `CaseSource` is a PatientSource that yields its one
 * case once. cql-execution types nothing here (a Record's `get` etc. are for its own Simple model's dates and codes,
 * which the seed criteria do not read), so those answer from the case object directly.
 */
import type { DataProvider, PatientObject, RecordObject } from 'cql-execution';

export const CASE_TYPE = '{urn:rubric:bench}Case';

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null;

/** The case as cql-execution's patient: the one `Case` record is the case object itself. */
export class CasePatient implements PatientObject {
  constructor(private readonly data: unknown) {}

  findRecords(profile: string | null): RecordObject[] {
    // The ELM only retrieves `Case`; a case that is not an object gives no record (the ELM reads it as null).
    return profile === CASE_TYPE && isObject(this.data) ? [this.data as unknown as RecordObject] : [];
  }

  get(field: string): unknown {
    return isObject(this.data) ? this.data[field] : undefined;
  }

  /** The key of the one patient result; each `exec` has its own Results. */
  getId(): string {
    return 'case';
  }

  getCode(): undefined {
    return undefined;
  }

  getDate(): null {
    return null;
  }

  getDateOrInterval(): null {
    return null;
  }
}

/** A PatientSource over one case: `currentPatient` is the case, `nextPatient` ends the run. */
export class CaseSource implements DataProvider {
  private patient: CasePatient | undefined;

  constructor(data: unknown) {
    this.patient = new CasePatient(data);
  }

  currentPatient(): CasePatient | undefined {
    return this.patient;
  }

  nextPatient(): undefined {
    this.patient = undefined;
    return undefined;
  }
}
