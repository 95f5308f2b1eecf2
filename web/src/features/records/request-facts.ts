import { useQuery } from '@tanstack/react-query';
import { unwrap, useApi } from '../../api/client.ts';
import type { ErpStatus } from '../../format/erp.ts';
import type { RequestFacts } from './record-erp-panel.tsx';

/** Record pages poll while a request is open and not yet decided (UI.md §4, fallback until A10). */
export const pollWhileOpen = (status: string | undefined) =>
  status && ['ready_to_export', 'ready_to_update', 'exporting'].includes(status) ? 5000 : false;

const textIn = (value: unknown, key: string): string | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : undefined;
};

export interface ErpFacts {
  status: ErpStatus;
  facts?: RequestFacts | undefined;
}

/**
 * Where a record stands, with what its status alone can't tell: when it was sent and why it failed
 * (from its request, S4, for ERP `read_only`+), and who rejected it with what comment. The API has no
 * `erp.lastOutcome` yet (A9) and reports a rejected record as `not_sent`, so for ERP `read_only`+ the
 * record's latest ERP audit event is the fallback UI.md §10 names; others see the status alone.
 */
export function useErpFacts(
  companyId: string,
  subjectId: string,
  erp: { status: string; requestId?: string | undefined },
  allowed: { queue: boolean; audit: boolean },
): ErpFacts {
  const api = useApi();
  const status = erp.status as ErpStatus;
  const wantsRequest =
    allowed.queue &&
    erp.requestId !== undefined &&
    ['ready_to_export', 'ready_to_update', 'failed'].includes(status);
  const wantsAudit = allowed.audit && ['not_sent', 'rejected', 'retrieved'].includes(status);
  const request = useQuery({
    queryKey: ['c', companyId, 'erp-request', erp.requestId, status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/requests/{r}', {
          params: { path: { c: companyId, r: erp.requestId ?? '' } },
        }),
      ),
    enabled: wantsRequest,
    staleTime: 30_000,
  }).data;
  const audit = useQuery({
    queryKey: ['c', companyId, 'audit-events', subjectId, status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/audit-events', {
          params: { path: { c: companyId }, query: { subjectId, limit: 50 } },
        }),
      ),
    enabled: wantsAudit,
    staleTime: 30_000,
  }).data;

  if (wantsRequest && request)
    return { status, facts: { sentAt: request.sentAt, failure: request.error?.message } };
  if (wantsAudit && audit) {
    // Newest first: the record's last word from the queue.
    const last = audit.items.find((event) => event.action.startsWith('erp_request.'));
    if (last?.action === 'erp_request.rejected')
      return {
        status: 'rejected',
        facts: {
          rejection: {
            by: last.actor.label,
            at: last.at,
            comment: last.comment ?? textIn(last.after, 'comment'),
          },
        },
      };
    if (last?.action === 'erp_request.retrieved') return { status: 'retrieved' };
  }
  return { status };
}
