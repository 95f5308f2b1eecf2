import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { errorDetail, useApi } from '../../api/client.ts';
import { companyQuery } from '../../api/queries.ts';
import type { paths } from '../../api/schema.d.ts';
import { can } from '../../auth/permissions.ts';
import { useMe } from '../../auth/session.tsx';
import { type DateFormat, formatAge, formatInstant } from '../../format/dates.ts';
import { erpName } from '../../format/erp.ts';
import { formatMoney, type MoneyFormat } from '../../format/money.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { ErrorState } from '../../ui/error-state.tsx';
import { kindLabels } from './bulk-dialog.tsx';
import { PreflightProblems } from './preflight-list.tsx';
import { type OpenDialog, QueueDialogs, type QueueDialogType } from './queue-dialogs.tsx';
import { rowActions } from './queue-page.tsx';
import { type RequestDetail, requestQuery } from './queue-queries.ts';
import { showValue, snapshotLines } from './request-shapes.ts';

type Company = paths['/api/v1/companies/{c}']['get']['responses'][200]['content']['application/json'];

const historyVerbs: Record<string, string> = {
  sent: 'Sent',
  accepted: 'Accepted',
  updated: 'Updated',
  retried: 'Retried',
  attempt_failed: 'Attempt failed',
  failed: 'Failed',
  synced: 'Synced',
  rejected: 'Rejected',
  retrieved: 'Retrieved',
  exporting: 'Exporting',
};

/** "job 24-010, template TEMPLATE1", a comment in quotes, or an attempt's message, from `detail`. */
function historyDetail(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  const options = (d.options ?? d) as Record<string, unknown>;
  if (typeof options.jobNumber === 'string') parts.push(`job ${options.jobNumber}`);
  if (typeof options.jobTemplate === 'string') parts.push(`template ${options.jobTemplate}`);
  if (typeof options.vendorCode === 'string') parts.push(`vendor code ${options.vendorCode}`);
  if (typeof d.attempt === 'number') parts.push(`attempt ${d.attempt}`);
  if (typeof d.message === 'string') parts.push(d.message);
  if (typeof d.comment === 'string') parts.push(`“${d.comment}”`);
  return parts.join(', ');
}

function Field({ label, value }: { label: string; value: unknown }) {
  return (
    <div className="grid grid-cols-[10rem_1fr] gap-2 py-0.5">
      <dt className="text-gray-600">{label}</dt>
      <dd>{showValue(value)}</dd>
    </div>
  );
}

/** The snapshot's own fields by name (every kind's, A13); lines and cost codes have their tables. */
const snapshotFields: Record<string, string> = {
  number: 'Number',
  name: 'Name',
  title: 'Title',
  description: 'Description',
  type: 'Type',
  status: 'Status',
  active: 'Active',
  jobNumber: 'Job number',
  division: 'Division',
  priceMethod: 'Price method',
  taxable: 'Taxable',
  customerCode: 'Customer code',
  costCenter: 'Cost center',
  address: 'Address',
  vendorCode: 'Vendor code',
  email: 'Email',
  retentionPercent: 'Retention %',
  vendor: 'Vendor',
  commitment: 'Commitment',
  total: 'Total',
};

/** A nested record of the snapshot as people name it: the vendor by name, the commitment by number. */
function shown(key: string, value: unknown, money: MoneyFormat): unknown {
  if (key === 'total' && typeof value === 'string') return formatMoney(value, money);
  if (key === 'vendor' && value && typeof value === 'object' && 'name' in value) return value.name;
  if (key === 'commitment' && value && typeof value === 'object' && 'number' in value) return value.number;
  return value;
}

function Snapshot({ request, money }: { request: RequestDetail; money: MoneyFormat }) {
  const { snapshot } = request;
  const lines = snapshotLines(request);
  const fields = Object.entries(snapshot).filter(([key]) => key in snapshotFields);
  const costCodes = 'costCodes' in snapshot ? snapshot.costCodes : [];
  return (
    <div className="space-y-3 text-sm">
      <dl>
        {fields.map(([key, value]) => (
          <Field key={key} label={snapshotFields[key] ?? key} value={shown(key, value, money)} />
        ))}
      </dl>
      {costCodes.length > 0 && (
        <table className="w-full border-collapse">
          <caption className="text-left font-medium">Cost codes</caption>
          <thead>
            <tr>
              <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                Cost code
              </th>
              <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                Description
              </th>
              <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                Cost types
              </th>
            </tr>
          </thead>
          <tbody>
            {costCodes.map((cc) => (
              <tr key={cc.code}>
                <td className="border-b border-gray-100 px-2 py-1">{cc.code}</td>
                <td className="border-b border-gray-100 px-2 py-1">{cc.description}</td>
                <td className="border-b border-gray-100 px-2 py-1">{cc.costTypes.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lines.length > 0 && (
        <div className="max-h-80 overflow-auto">
          <table className="w-full border-collapse">
            <caption className="text-left font-medium">
              Lines ({lines.length.toLocaleString('en-US')})
            </caption>
            <thead className="sticky top-0 bg-white">
              <tr>
                <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                  Cost code
                </th>
                <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                  Cost type
                </th>
                <th scope="col" className="border-b px-2 py-1 text-right font-medium">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {lines.slice(0, 500).map((l) => (
                <tr key={`${l.costCode}/${l.costType}/${('description' in l && l.description) || ''}`}>
                  <td className="border-b border-gray-100 px-2 py-1">{l.costCode}</td>
                  <td className="border-b border-gray-100 px-2 py-1">{l.costType}</td>
                  <td className="border-b border-gray-100 px-2 py-1 text-right tabular-nums">
                    {formatMoney(l.amount, money)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {lines.length > 500 && (
            <p className="text-xs text-gray-600">
              The first 500 of {lines.length.toLocaleString('en-US')} lines.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** S4: a request's header, preflight, error, snapshot, requested updates, result and history. */
export function RequestDetailView({
  request,
  company,
  canAct,
  onAction,
  onClose,
}: {
  request: RequestDetail;
  company: Company;
  canAct: boolean;
  onAction: (type: QueueDialogType) => void;
  onClose?: () => void;
}) {
  const erp = erpName(company.erpSystem);
  const dates: DateFormat = { timeZone: company.timeZone, locale: company.settings.locale };
  const money: MoneyFormat = { locale: company.settings.locale, currency: company.settings.currency };
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Focus goes to the panel heading (S4).
  // biome-ignore lint/correctness/useExhaustiveDependencies: on each request opened.
  useEffect(() => headingRef.current?.focus(), [request.id]);
  const result =
    request.result && typeof request.result === 'object' ? (request.result as Record<string, unknown>) : null;
  const erpIds = (result?.erpIds ?? result) as Record<string, unknown> | null;

  return (
    <article
      className="space-y-4"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onClose && !e.defaultPrevented) onClose();
      }}
    >
      <header className="space-y-1">
        <div className="flex items-start justify-between gap-2">
          <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold outline-none">
            <span className="mr-1 text-sm font-normal text-gray-600">{kindLabels[request.kind][0]}</span>
            {request.subject.label}
          </h2>
          {onClose && (
            <Button variant="quiet" aria-label="Close" onPress={onClose}>
              <span aria-hidden="true">×</span>
            </Button>
          )}
        </div>
        <StatusBadge status={request.status} />
        <p className="text-sm text-gray-700">
          Sent by {request.sender.email} ·{' '}
          <time dateTime={request.sentAt}>{formatInstant(request.sentAt, dates)}</time> (
          {formatAge(request.sentAt, new Date(), dates.locale)})
        </p>
        {canAct && (
          <div className="flex flex-wrap gap-2 pt-1">
            {rowActions(request.status).map(([type, label]) => (
              <Button
                key={type}
                variant={type === 'reject' ? 'danger' : 'primary'}
                onPress={() => onAction(type)}
              >
                {label}
              </Button>
            ))}
          </div>
        )}
      </header>
      <section aria-labelledby="s4-preflight" className="space-y-1">
        <h3 id="s4-preflight" className="font-medium">
          Preflight
        </h3>
        <PreflightProblems preflight={request.preflight} erp={erp} />
      </section>
      {request.status === 'failed' && request.error && (
        <section aria-labelledby="s4-error" className="space-y-1 text-sm">
          <h3 id="s4-error" className="font-medium">
            Error
          </h3>
          <p className="rounded-md border border-red-200 bg-red-50 p-2 text-red-900">
            {request.error.message}
          </p>
          {request.error.field && <p>Field: {request.error.field}</p>}
          {request.error.erpCode && (
            <p>
              {erp} code: {request.error.erpCode}
            </p>
          )}
          <p>Attempts: {request.attempts}</p>
        </section>
      )}
      <section aria-labelledby="s4-snapshot" className="space-y-1">
        <h3 id="s4-snapshot" className="font-medium">
          Snapshot
        </h3>
        <Snapshot request={request} money={money} />
      </section>
      {request.requestedUpdates != null && (
        <section aria-labelledby="s4-updates" className="space-y-1">
          <h3 id="s4-updates" className="font-medium">
            Requested updates
          </h3>
          <Button onPress={() => onAction('view')}>View Requested Updates</Button>
        </section>
      )}
      {request.status === 'synced' && erpIds && (
        <section aria-labelledby="s4-result" className="space-y-1 text-sm">
          <h3 id="s4-result" className="font-medium">
            Result
          </h3>
          <dl>
            {Object.entries(erpIds).map(([key, value]) => (
              <Field key={key} label={key} value={value} />
            ))}
          </dl>
        </section>
      )}
      <section aria-labelledby="s4-history" className="space-y-1 text-sm">
        <h3 id="s4-history" className="font-medium">
          History
        </h3>
        <ol className="space-y-1 border-l border-gray-200 pl-3">
          {request.history.map((h, i) => {
            const extra = historyDetail(h.detail);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: history entries are append-only.
              <li key={i}>
                <time dateTime={h.at} className="text-gray-600">
                  {formatInstant(h.at, dates)}
                </time>{' '}
                {historyVerbs[h.type] ?? h.type} by {h.actor.label}
                {extra && `: ${extra}`}
              </li>
            );
          })}
        </ol>
      </section>
    </article>
  );
}

/** S4 inside the queue: the request loaded by id, dialogs opened by the caller. */
export function RequestDetailPanel({
  company,
  r,
  canAct,
  onAction,
  onClose,
}: {
  company: Company;
  r: string;
  canAct: boolean;
  onAction: (type: QueueDialogType) => void;
  onClose?: () => void;
}) {
  const api = useApi();
  const request = useQuery(requestQuery(api, company.id, r));
  if (request.isPending)
    return (
      <p aria-busy="true" className="text-sm text-gray-700">
        Loading the request…
      </p>
    );
  if (request.isError)
    return <ErrorState detail={errorDetail(request.error)} onRetry={() => void request.refetch()} />;
  return (
    <RequestDetailView
      request={request.data}
      company={company}
      canAct={canAct}
      onAction={onAction}
      {...(onClose && { onClose })}
    />
  );
}

/** S4 loaded directly: full width, with its own dialogs. */
export function RequestDetailPage() {
  const { c, r } = useParams({ strict: false }) as { c: string; r: string };
  const api = useApi();
  const me = useMe();
  const company = useQuery(companyQuery(api, c)).data;
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  if (!company) return null;
  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="sr-only">Request</h1>
      <RequestDetailPanel
        company={company}
        r={r}
        canAct={can(me, c, 'actOnErpRequests')}
        onAction={(type) => setDialog({ type, id: r })}
      />
      {dialog && (
        <QueueDialogs company={company} open={dialog} onOpen={setDialog} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
