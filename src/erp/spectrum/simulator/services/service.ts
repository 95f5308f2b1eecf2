import type { ErrorRecord, Params } from '../checks.ts';
import type { ElementSpec } from '../elements.ts';
import type { GetServiceName, PutServiceName } from '../records.ts';
import type { SimSettings } from '../settings.ts';
import type { SpectrumStore } from '../store.ts';

/** A call that passed levels 1 and 2: its values as stored (numbers canonical, dates with slashes). */
export interface ServiceRequest {
  params: Params;
  store: SpectrumStore;
  settings: SimSettings;
  /** The company the call acts for. */
  companyCode: string;
  /** The processing date, `MM/DD/CCYY`: what a blank "defaults to today" date takes. */
  today: string;
}

/**
 * A stored record's answer: `added` or `updated`, or one `G` record carrying information (an
 * auto-assigned number) *(our profile)*.
 */
export type PutOutcome =
  | { errors: ErrorRecord[] }
  | { stored: 'added' | 'updated' }
  | { information: ErrorRecord };

export interface PutService {
  kind: 'put';
  name: PutServiceName;
  /** Every documented parameter, in documented order; a request missing one is a SOAP fault. */
  elements: readonly ElementSpec[];
  /** Element names a request may use in place of the documented one (`documented: accepted`). */
  aliases?: Readonly<Record<string, string>>;
  /** Elements the documentation says are ignored for this request (e.g. a section left blank): not checked, not stored. */
  ignored?(params: Params): readonly string[];
  /**
   * Level 1 beyond the Req YES elements: what a request must carry depending on itself or on what is
   * stored (e.g. Description only for a new phase). Answers `M` records.
   */
  required?(request: ServiceRequest): ErrorRecord[];
  /** Level 2 beyond the element rules: form checks that need the company (e.g. the phase mask). */
  formats?(request: ServiceRequest): ErrorRecord[];
  /** Level 3 and the write, inside one transaction; stores nothing when it answers errors. */
  execute(request: ServiceRequest): PutOutcome;
}

/** A Get row field: text cut to its Max, numbers written with at least two decimals. */
export interface ReturnField {
  name: string;
  max: number;
  numeric?: boolean;
}

/** The rows matched, in order; a row may hold more fields than the service answers. */
export type GetOutcome =
  | { rows: readonly Readonly<Record<string, string | number>>[] }
  | { error: ErrorRecord };

export interface GetService {
  kind: 'get';
  name: GetServiceName;
  elements: readonly ElementSpec[];
  returnFields: readonly ReturnField[];
  execute(request: ServiceRequest): GetOutcome;
}

export type SdxService = PutService | GetService;

export const noRecordsFound: ErrorRecord = { code: 'W', desc: 'No records found', column: '' };

export function returnFields(
  spec: readonly (readonly [name: string, max: number, numeric?: 'numeric'])[],
): ReturnField[] {
  return spec.map(([name, max, numeric]) => ({ name, max, numeric: numeric === 'numeric' }));
}

/** The company parameter of a service: `pCompany_Code` for Gets, `Company_Code` for Puts. */
export function companyParameter(service: SdxService): string {
  return service.kind === 'get' ? 'pCompany_Code' : 'Company_Code';
}
