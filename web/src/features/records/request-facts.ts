import { useQuery } from '@tanstack/react-query';
import { unwrap, useApi } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { ErpStatus } from '../../format/erp.ts';
import type { RequestFacts } from './record-erp-panel.tsx';

/** How a record's last ERP request ended (A9), as every sendable record's `erp.lastOutcome` reads. */
export type LastOutcome = NonNullable<
  paths['/api/v1/companies/{c}/projects/{p}']['get']['responses'][200]['content']['application/json']['erp']['lastOutcome']
>;

/**
 * Record lists poll while one of their rows waits or exports: company events name the record, not the
 * lists it is in. Record pages need not: the event stream (A10) invalidates them by subject.
 */
export const pollWhileOpen = (status: string | undefined) =>
  status && ['ready_to_export', 'ready_to_update', 'exporting'].includes(status) ? 5000 : false;

export interface ErpFacts {
  status: ErpStatus;
  facts?: RequestFacts | undefined;
}

/**
 * Where a record stands, with what its status alone can't tell: who rejected it with what comment and
 * why an export failed (from `erp.lastOutcome`, for everyone who reads the record), and since when it
 * waits (from its request, S4, for ERP `read_only`+). A record with no open request whose last request
 * was rejected or retrieved shows that, as the lists' `erpStatus` filter counts it.
 */
export function useErpFacts(
  companyId: string,
  erp: { status: string; requestId?: string | undefined; lastOutcome?: LastOutcome | undefined },
  canViewQueue: boolean,
): ErpFacts {
  const api = useApi();
  const last = erp.lastOutcome;
  const wantsRequest =
    canViewQueue &&
    erp.requestId !== undefined &&
    ['ready_to_export', 'ready_to_update'].includes(erp.status);
  const request = useQuery({
    queryKey: ['c', companyId, 'erp-request', erp.requestId, erp.status],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/requests/{r}', {
          params: { path: { c: companyId, r: erp.requestId ?? '' } },
        }),
      ),
    enabled: wantsRequest,
    staleTime: 30_000,
  }).data;

  const settled = ['not_sent', 'synced'].includes(erp.status);
  if (settled && last?.status === 'rejected')
    return {
      status: 'rejected',
      facts: { rejection: { by: last.by.name, at: last.at, comment: last.comment } },
    };
  if (settled && last?.status === 'retrieved') return { status: 'retrieved' };
  const status = erp.status as ErpStatus;
  if (status === 'failed' && last?.status === 'failed') return { status, facts: { failure: last.comment } };
  if (wantsRequest && request) return { status, facts: { sentAt: request.sentAt } };
  return { status };
}
