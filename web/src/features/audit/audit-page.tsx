import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Fragment, useMemo, useState } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { formatInstant } from '../../format/dates.ts';
import type { MoneyFormat } from '../../format/money.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState } from '../../ui/empty-state.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { inputClass } from '../../ui/form-field.tsx';
import { useCompanyContext } from '../records/use-company.ts';
import { actionLabel, auditActions } from './audit-actions.ts';
import { diffRows, displayValue } from './audit-diff.ts';
import { type AuditEvent, auditEventsQuery } from './audit-queries.ts';
import type { AuditSearch } from './audit-search.ts';
import { SubjectLink, subjectFacts, subjectTypeLabels } from './audit-subject.tsx';

const columns = ['When', 'Actor', 'Action', 'Subject', 'Comment', 'Changes'] as const;

/** S17 `/companies/$c/audit-events`: who did what to which record, newest first, in company time. */
export function AuditPage() {
  const { c } = useParams({ from: '/signed-in/companies/$c/audit-events' });
  const search = useSearch({ from: '/signed-in/companies/$c/audit-events' });
  const navigate = useNavigate({ from: '/companies/$c/audit-events' });
  const { company, erp, dates } = useCompanyContext(c);
  const query = useInfiniteQuery(auditEventsQuery(useApi(), c, search));
  const events = useMemo(() => query.data?.pages.flatMap((page) => page.items) ?? [], [query.data]);
  const facts = useMemo(() => subjectFacts(events), [events]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const types = subjectTypeLabels(erp);
  const money: MoneyFormat = { locale: company.settings.locale, currency: company.settings.currency };
  const onSearch = (next: AuditSearch) => void navigate({ search: next, replace: true });

  const toggle = (id: string) =>
    setExpanded((open) => {
      const next = new Set(open);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const filteredName = search.subjectId ? (facts.get(search.subjectId)?.name ?? search.subjectId) : undefined;

  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">Audit log</h1>
      <search className="flex flex-wrap items-end gap-3">
        <label className="text-sm font-medium">
          Subject type
          <select
            className={inputClass}
            value={search.subjectType ?? ''}
            onChange={(e) => onSearch({ ...search, subjectType: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {Object.entries(types).map(([type, label]) => (
              <option key={type} value={type}>
                {label}
              </option>
            ))}
            {search.subjectType && !(search.subjectType in types) && (
              <option value={search.subjectType}>{search.subjectType}</option>
            )}
          </select>
        </label>
        <label className="text-sm font-medium">
          Action
          <select
            className={inputClass}
            value={search.action ?? ''}
            onChange={(e) => onSearch({ ...search, action: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {[
              ...auditActions,
              ...(search.action && !auditActions.includes(search.action as never) ? [search.action] : []),
            ].map((action) => (
              <option key={action} value={action}>
                {actionLabel(action, erp)}
              </option>
            ))}
          </select>
        </label>
        {filteredName && (
          <p className="flex items-center gap-2 text-sm">
            <span>
              Only <strong>{filteredName}</strong>
            </span>
            <Link
              to="/companies/$c/audit-events"
              params={{ c }}
              search={{ ...search, subjectId: undefined, subjectType: undefined }}
              className="text-blue-800 underline"
            >
              Show every subject
            </Link>
          </p>
        )}
      </search>
      {query.isError ? (
        <ErrorState detail={errorDetail(query.error)} onRetry={() => void query.refetch()} />
      ) : !query.isPending && events.length === 0 ? (
        <EmptyState>
          {Object.keys(search).length > 0
            ? 'No events match these filters. Events appear here as people change records and work the queue.'
            : 'No events yet. Every change to a record, every step in the queue and every sync appears here.'}
        </EmptyState>
      ) : (
        <table className="w-full border-collapse text-left text-sm" aria-busy={query.isPending}>
          <caption className="sr-only">Audit events, newest first</caption>
          <thead className="sticky top-0 bg-gray-100">
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col" className="px-2 py-2 font-medium">
                  {column === 'Changes' ? <span className="sr-only">{column}</span> : column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {query.isPending
              ? [0, 1, 2].map((i) => (
                  <tr key={i}>
                    {columns.map((column) => (
                      <td key={column} className="px-2 py-2">
                        <span className="block h-4 animate-pulse rounded bg-gray-200 motion-reduce:animate-none" />
                      </td>
                    ))}
                  </tr>
                ))
              : events.map((event) => {
                  const open = expanded.has(event.id);
                  const hasChanges = event.before !== undefined || event.after !== undefined;
                  const detailsId = `audit-${event.id}`;
                  return (
                    <Fragment key={event.id}>
                      <tr className="border-t border-gray-200 bg-white align-top">
                        <td className="px-2 py-1.5 whitespace-nowrap">
                          <time dateTime={event.at} title={formatInstant(event.at, dates)}>
                            {formatInstant(event.at, dates)}
                          </time>
                        </td>
                        <td className="px-2 py-1.5">{event.actor.label}</td>
                        <td className="px-2 py-1.5">{actionLabel(event.action, erp)}</td>
                        <td className="px-2 py-1.5">
                          <span className="mr-1 text-xs text-gray-600">
                            {types[event.subjectType] ?? event.subjectType}
                          </span>
                          <SubjectLink c={c} event={event} facts={facts.get(event.subjectId)} />
                          {search.subjectId !== event.subjectId && (
                            <Link
                              to="/companies/$c/audit-events"
                              params={{ c }}
                              search={{ ...search, subjectId: event.subjectId, subjectType: undefined }}
                              aria-label={`Only this: ${facts.get(event.subjectId)?.name ?? 'subject'}`}
                              className="ml-2 text-xs text-blue-800 underline"
                            >
                              Only this
                            </Link>
                          )}
                        </td>
                        <td className="max-w-xs px-2 py-1.5 break-words">{event.comment ?? '—'}</td>
                        <td className="px-2 py-1.5 text-right">
                          {hasChanges && (
                            <Button
                              variant="quiet"
                              className="px-2 py-0.5 text-xs whitespace-nowrap"
                              aria-expanded={open}
                              aria-controls={open ? detailsId : undefined}
                              onPress={() => toggle(event.id)}
                            >
                              {open ? 'Hide changes' : 'Show changes'}
                            </Button>
                          )}
                        </td>
                      </tr>
                      {open && (
                        <tr id={detailsId} className="bg-gray-50">
                          <td colSpan={columns.length} className="px-2 py-2">
                            <EventDiff event={event} money={money} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <Button isPending={query.isFetchingNextPage} onPress={() => void query.fetchNextPage()}>
          Show more
        </Button>
      )}
    </section>
  );
}

/** A long snapshot (a budget's lines) shows this many fields, then says how many more there are. */
const SHOWN_FIELDS = 300;

function EventDiff({ event, money }: { event: AuditEvent; money: MoneyFormat }) {
  const { rows, unchanged } = useMemo(() => diffRows(event.before, event.after), [event]);
  if (rows.length === 0)
    return <p className="text-gray-700">The recorded fields are the same before and after.</p>;
  const shown = rows.slice(0, SHOWN_FIELDS);
  return (
    <div className="space-y-1">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="sr-only">Before and after</caption>
        <thead>
          <tr>
            <th scope="col" className="px-2 py-1 font-medium">
              Field
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              Before
            </th>
            <th scope="col" className="px-2 py-1 font-medium">
              After
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.path} className="border-t border-gray-200">
              <th scope="row" className="px-2 py-1 font-mono text-xs font-normal">
                {row.path}
              </th>
              <td className="px-2 py-1 break-all">{displayValue(row.path, row.before, money)}</td>
              <td className="px-2 py-1 break-all">{displayValue(row.path, row.after, money)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {(rows.length > shown.length || unchanged > 0) && (
        <p className="text-xs text-gray-600">
          {rows.length > shown.length &&
            `${(rows.length - shown.length).toLocaleString(money.locale)} more fields not shown. `}
          {unchanged > 0 && `${unchanged.toLocaleString(money.locale)} unchanged fields not shown.`}
        </p>
      )}
    </div>
  );
}
