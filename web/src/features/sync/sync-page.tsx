import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { type ReactNode, useCallback, useMemo } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { type DateFormat, formatInstant } from '../../format/dates.ts';
import { scheduleLabel } from '../../format/schedule.ts';
import { Badge, type BadgeTone } from '../../ui/badge.tsx';
import { DataTable, type DataTableColumn, dataTableColumns, TableSkeleton } from '../../ui/data-table.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { CheckIcon, ClockIcon, ErrorIcon, SpinnerIcon } from '../../ui/icons.tsx';
import { fitTableHeight } from '../../ui/table-height.ts';
import { useCompanyContext } from '../records/use-company.ts';
import { ErpAreaHeader } from './erp-area-header.tsx';
import { type SyncRun, syncRunsQuery } from './sync-queries.ts';

const looks: Record<SyncRun['status'], { label: string; tone: BadgeTone; icon: ReactNode }> = {
  queued: { label: 'Queued', tone: 'grey', icon: <ClockIcon /> },
  running: {
    label: 'Running',
    tone: 'blue',
    icon: <SpinnerIcon className="animate-spin motion-reduce:animate-none" />,
  },
  succeeded: { label: 'Succeeded', tone: 'green', icon: <CheckIcon /> },
  failed: { label: 'Failed', tone: 'red', icon: <ErrorIcon /> },
};

export function SyncStatusBadge({ status }: { status: SyncRun['status'] }) {
  const { label, tone, icon } = looks[status];
  return (
    <Badge tone={tone} icon={icon}>
      {label}
    </Badge>
  );
}

const countLabels: [keyof NonNullable<SyncRun['counts']>, string][] = [
  ['jobs', 'jobs'],
  ['jobTemplates', 'templates'],
  ['costCodes', 'cost codes'],
  ['costTypes', 'cost types'],
  ['vendors', 'vendors'],
  ['jobCosts', 'job costs'],
];

/** "12 jobs, 3 templates, …; 4 changed" — what a run read from the ERP and how much of it was new. */
export function countsText(counts: NonNullable<SyncRun['counts']>, locale: string): string {
  const n = (value: number) => value.toLocaleString(locale);
  const read = countLabels.map(([key, label]) => `${n(counts[key])} ${label}`).join(', ');
  return `${read}; ${n(counts.changed)} changed`;
}

function When({ iso, dates }: { iso: string | undefined; dates: DateFormat }) {
  if (!iso) return <span title="Not yet">—</span>;
  const text = formatInstant(iso, dates);
  return (
    <time dateTime={iso} title={text}>
      {text}
    </time>
  );
}

/** S9: the sync schedule and history; a run started with Sync now goes Queued → Running → its end. */
export function SyncPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/erp/sync' });
  const { company, erp, dates, can } = useCompanyContext(c);
  const runs = useInfiniteQuery(syncRunsQuery(useApi(), c));
  const rows = useMemo(() => runs.data?.pages.flatMap((page) => page.items) ?? [], [runs.data]);
  const onEndReached = useCallback(() => {
    if (runs.hasNextPage && !runs.isFetchingNextPage) void runs.fetchNextPage();
  }, [runs]);

  const columns = useMemo(() => {
    const column = dataTableColumns<SyncRun>();
    return [
      column.display({
        id: 'trigger',
        header: 'Trigger',
        cell: ({ row }) => (row.original.trigger === 'manual' ? 'Sync now' : 'Scheduled'),
      }),
      column.display({
        id: 'queued',
        header: 'Queued',
        cell: ({ row }) => <When iso={row.original.createdAt} dates={dates} />,
      }),
      column.display({
        id: 'started',
        header: 'Started',
        cell: ({ row }) => <When iso={row.original.startedAt} dates={dates} />,
      }),
      column.display({
        id: 'finished',
        header: 'Finished',
        cell: ({ row }) => <When iso={row.original.finishedAt} dates={dates} />,
      }),
      column.display({
        id: 'status',
        header: 'Status',
        cell: ({ row }) => <SyncStatusBadge status={row.original.status} />,
      }),
      column.display({
        id: 'result',
        header: 'Counts or error',
        cell: ({ row }) => {
          const run = row.original;
          if (run.error) return <span className="text-red-800">{run.error}</span>;
          return run.counts ? countsText(run.counts, dates.locale) : '—';
        },
      }),
    ] satisfies DataTableColumn<SyncRun>[];
  }, [dates]);

  return (
    <section className="space-y-4">
      <div className="space-y-1">
        <h1 className="text-xl font-semibold">Sync status</h1>
        <ErpAreaHeader companyId={c} />
      </div>
      <p className="text-sm text-gray-700">
        Each sync reads jobs, job templates, cost codes, cost types, vendors and job costs from {erp}.
        Schedule: {scheduleLabel(company.settings.syncSchedule, company.timeZone)}.
        {can('updateCompanySettings') && (
          <>
            {' '}
            <Link to="/companies/$c/settings" params={{ c }} className="text-blue-800 underline">
              Change the schedule in Settings
            </Link>
            .
          </>
        )}
      </p>
      {runs.isPending ? (
        <TableSkeleton label="Loading the sync history" />
      ) : runs.isError ? (
        <ErrorState detail={errorDetail(runs.error)} onRetry={() => void runs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>
          No syncs yet. Runs appear here on the schedule, or when someone clicks Sync now.
        </EmptyState>
      ) : (
        <DataTable
          caption="Sync runs, newest first"
          captionHidden
          columns={columns}
          data={rows}
          getRowId={(run) => run.id}
          hasMore={runs.hasNextPage}
          onEndReached={onEndReached}
          isBusy={runs.isFetchingNextPage}
          height={fitTableHeight(rows.length)}
        />
      )}
    </section>
  );
}
