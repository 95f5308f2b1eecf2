import type { ErpRequestKind, ErpRequestStatus } from './lifecycle.ts';

/**
 * What a company's event outbox records, for webhooks and live screens. Payloads stay small: enough to
 * know what changed and fetch the rest through the API.
 */
export const companyEventTypes = [
  'request.sent',
  'request.accepted',
  'request.rejected',
  'request.synced',
  'request.failed',
  'request.retrieved',
  'sync.finished',
] as const;
export type CompanyEventType = (typeof companyEventTypes)[number];

export interface RequestEventData {
  requestId: string;
  kind: ErpRequestKind;
  status: ErpRequestStatus;
  subject: { id: string; label: string };
}

export interface SyncEventData {
  syncRunId: string;
  status: 'succeeded' | 'failed';
  counts: Record<string, number> | null;
}

/** The payload of a `request.*` event from the request's row and its new status. */
export function requestEventData(
  request: { id: string; kind: ErpRequestKind; subject_id: string; subject_label: string },
  status: ErpRequestStatus,
): RequestEventData {
  return {
    requestId: request.id,
    kind: request.kind,
    status,
    subject: { id: request.subject_id, label: request.subject_label },
  };
}
