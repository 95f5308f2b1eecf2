import type { paths } from '../api/schema.d.ts';
import { copy } from '../copy.ts';

type Company = paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json'];
type ErpRequest =
  paths['/api/v1/companies/{c}/erp/requests/{r}']['get']['responses'][200]['content']['application/json'];

export type ErpSystem = Company['erpSystem'];
export type RequestStatus = ErpRequest['status'];
/** A request's status, or `not_sent` for a record that has never been sent. */
export type ErpStatus = RequestStatus | 'not_sent';

const erpNames: Record<ErpSystem, string> = { spectrum: 'Spectrum', sage300: 'Sage 300 CRE' };

/** "{ERP}" of the copy: "Spectrum" or "Sage 300 CRE" (UI.md §2). */
export function erpName(system: ErpSystem): string {
  return erpNames[system];
}

/** The labels of UI.md §2's status table, seed terms from `copy`. */
export const statusLabels: Record<ErpStatus, string> = {
  not_sent: 'Not sent',
  ready_to_export: copy.readyToExport,
  ready_to_update: copy.readyToUpdate,
  exporting: 'Exporting…',
  failed: copy.failedToExport,
  synced: copy.synced,
  rejected: 'Rejected',
  retrieved: 'Retrieved',
};

export const erpStatuses = Object.keys(statusLabels) as ErpStatus[];
