import type { ErrorRecord, Params } from '../checks.ts';
import type { GetServiceName, PutServiceName, SimSettings } from '../records.ts';
import type { SpectrumStore } from '../store.ts';

export interface ServiceContext {
  store: SpectrumStore;
  settings: SimSettings;
}

/** A Put service's result: the error records of every bad column, or how the record was stored. */
export type PutOutcome = { errors: ErrorRecord[] } | { stored: 'added' | 'updated' };

export interface PutService {
  kind: 'put';
  name: PutServiceName;
  /** Every parameter of ERP.md §5, in order; a request missing one is a SOAP fault. */
  parameters: readonly string[];
  /** Runs inside a transaction: validates, then stores (nothing is stored when an error is answered). */
  execute(params: Params, context: ServiceContext): PutOutcome;
}

/** Rows carry at least the service's row fields (extra fields of the stored record are not answered). */
export type GetOutcome = { rows: Readonly<Record<string, string | number>>[] } | { error: ErrorRecord };

export interface GetService {
  kind: 'get';
  name: GetServiceName;
  parameters: readonly string[];
  /** The fields of each answered row (ERP.md §5), before `Error_Code Error_Description Error_Column`. */
  rowFields: readonly string[];
  execute(params: Params, context: ServiceContext): GetOutcome;
}

export type SdxService = PutService | GetService;

/** The parameters every call starts with: who calls, under which batch, for which company. */
export const putPrelude = ['Authorization_ID', 'GUID', 'Company_Code'] as const;
export const getPrelude = ['Authorization_ID', 'GUID', 'pCompany_Code'] as const;

export const noRecordsFound: ErrorRecord = { code: 'W', desc: 'No records found', column: '' };
