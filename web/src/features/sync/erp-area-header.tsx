import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { errorDetail, unwrap, useApi } from '../../api/client.ts';
import { formatInstant } from '../../format/dates.ts';
import { scheduleLabel } from '../../format/schedule.ts';
import { Button } from '../../ui/button.tsx';
import { toast } from '../../ui/toasts.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { isUnfinished, latestSyncRunsQuery, syncKeys } from './sync-queries.ts';

/** `POST …/erp/sync` (202); the new Queued run shows at once and is polled until it ends. */
export function useSyncNow(companyId: string, erp: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/companies/{c}/erp/sync', { params: { path: { c: companyId } }, body: {} })),
    onSuccess: () => {
      toast(`Sync with ${erp} started`);
      return queryClient.invalidateQueries({ queryKey: syncKeys.all(companyId) });
    },
    onError: (error) => toast(errorDetail(error)),
  });
}

/**
 * S6, on every ERP screen: "Last synced {time} · {schedule}", a link to the sync history, and Sync now
 * for ERP `standard`+. When a run it watched ends, the ERP mirror is refreshed even without the event
 * stream (the `sync.finished` event does the same where the stream is up).
 */
export function ErpAreaHeader({ companyId }: { companyId: string }) {
  const { company, erp, dates, can } = useCompanyContext(companyId);
  const queryClient = useQueryClient();
  const runs = useQuery(latestSyncRunsQuery(useApi(), companyId)).data;
  const sync = useSyncNow(companyId, erp);
  const lastSuccess = runs?.find((run) => run.status === 'succeeded');
  const lastSyncedAt = lastSuccess?.finishedAt ?? lastSuccess?.createdAt;
  const running = runs?.some(isUnfinished) ?? false;

  const watched = useRef(false);
  useEffect(() => {
    if (watched.current && !running)
      void queryClient.invalidateQueries({ queryKey: syncKeys.mirror(companyId) });
    watched.current = running;
  }, [running, companyId, queryClient]);

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-gray-700">
      <p>
        {lastSyncedAt ? (
          <>
            Last synced{' '}
            <time dateTime={lastSyncedAt} title={formatInstant(lastSyncedAt, dates)}>
              {formatInstant(lastSyncedAt, dates)}
            </time>
          </>
        ) : runs ? (
          `Not synced with ${erp} yet`
        ) : (
          'Last synced …'
        )}
        {' · '}
        {scheduleLabel(company.settings.syncSchedule, company.timeZone)}
      </p>
      <span role="status">{running ? `Syncing with ${erp}…` : ''}</span>
      <Link to="/companies/$c/erp/sync" params={{ c: companyId }} className="text-blue-800 underline">
        Sync status
      </Link>
      {can('runErpSync') && (
        <Button onPress={() => sync.mutate()} isPending={sync.isPending}>
          Sync now
        </Button>
      )}
    </div>
  );
}
