export type ErpRequestKind = 'project' | 'cost_codes' | 'budget' | 'vendor' | 'commitment' | 'change_order';
export type ErpRequestStatus =
  | 'ready_to_export'
  | 'ready_to_update'
  | 'exporting'
  | 'failed'
  | 'synced'
  | 'rejected'
  | 'retrieved';

export const requestKinds: ErpRequestKind[] = [
  'project',
  'cost_codes',
  'budget',
  'vendor',
  'commitment',
  'change_order',
];

/** While a request is in one of these, its record is locked and no other request may open for it. */
export const openStatuses = [
  'ready_to_export',
  'ready_to_update',
  'exporting',
  'failed',
] as const satisfies ErpRequestStatus[];
export type OpenStatus = (typeof openStatuses)[number];

export const isOpen = (status: ErpRequestStatus): status is OpenStatus =>
  (openStatuses as ErpRequestStatus[]).includes(status);

export const kindLabels: Record<ErpRequestKind, string> = {
  project: 'Project',
  cost_codes: 'Project cost codes',
  budget: 'Budget',
  vendor: 'Vendor',
  commitment: 'Commitment',
  change_order: 'Commitment change order',
};
