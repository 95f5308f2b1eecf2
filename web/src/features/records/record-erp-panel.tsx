import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useRef, useState } from 'react';
import { ApiError, errorDetail, type ProblemError } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { type DateFormat, formatInstant } from '../../format/dates.ts';
import type { ErpStatus } from '../../format/erp.ts';
import { StatusBadge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { PreconditionList } from '../../ui/precondition-list.tsx';

/** Statuses in which a request is open, so the record is locked (API.md: edits answer 409). */
export const openStatuses: ReadonlySet<string> = new Set([
  'ready_to_export',
  'ready_to_update',
  'exporting',
  'failed',
]);
const retrievable: ReadonlySet<string> = new Set(['ready_to_export', 'ready_to_update']);

export const lockedMessage = 'Locked while waiting for approval — Retrieve from ERP to edit.';

export function isLocked(status: string): boolean {
  return openStatuses.has(status);
}

/** What the panel knows beyond the record's status, from the request (S4) when the user may read it. */
export interface RequestFacts {
  sentAt?: string | undefined;
  failure?: string | undefined;
  rejection?: { by: string; at: string; comment?: string | undefined } | undefined;
}

export interface RecordErpPanelProps {
  companyId: string;
  erp: string;
  status: ErpStatus;
  /** "Synced with Spectrum as job 24-010" / "Synced as ACME01". */
  syncedText: string;
  /** Replaces the status line where the record's own text applies (S12). */
  statusText?: string | undefined;
  requestId?: string | undefined;
  facts?: RequestFacts | undefined;
  dates: DateFormat;
  /** Project `admin` (`sendToErp`). */
  canSend: boolean;
  /** ERP `read_only`+: the waiting line links to the request. */
  canViewQueue: boolean;
  /** Whether Send to ERP is offered in this state; by default from the status. */
  sendable?: boolean | undefined;
  onSend: () => Promise<unknown>;
  onRetrieve: () => Promise<unknown>;
  /** After a send, a retrieve or a 409 `invalid_state`: refetch the record. */
  onChanged: () => void;
  linkFor?: (error: ProblemError) => ReactNode;
}

function statusLine(props: RecordErpPanelProps): ReactNode {
  const { status, erp, facts, dates } = props;
  if (props.statusText) return props.statusText;
  switch (status) {
    case 'not_sent':
      return `Not sent to ${erp}`;
    case 'retrieved':
      return `Retrieved before approval. Not sent to ${erp}.`;
    case 'ready_to_export':
    case 'ready_to_update': {
      const text = facts?.sentAt
        ? `Waiting for an accounting approver since ${formatInstant(facts.sentAt, dates)}`
        : 'Waiting for an accounting approver';
      return props.canViewQueue && props.requestId ? (
        <Link
          to="/companies/$c/erp/requests/$r"
          params={{ c: props.companyId, r: props.requestId }}
          className="underline"
        >
          {text}
        </Link>
      ) : (
        text
      );
    }
    case 'exporting':
      return `Exporting to ${erp}…`;
    case 'synced':
      return props.syncedText;
    case 'failed':
      return facts?.failure
        ? `${copy.failedToExport}: ${facts.failure}. An accounting approver can retry or reject it.`
        : `${copy.failedToExport}. An accounting approver can retry or reject it.`;
    case 'rejected':
      return facts?.rejection
        ? `Rejected by ${facts.rejection.by} on ${formatInstant(facts.rejection.at, dates)}${
            facts.rejection.comment ? `: “${facts.rejection.comment}”` : ''
          }`
        : 'Rejected by an accounting approver. Change what they asked for, then Re-send to ERP.';
  }
}

/**
 * S5: where a record stands with the ERP, and Send to ERP / Re-send to ERP / Retrieve from ERP for
 * project admins. A 422 from send shows the PreconditionList; other failures show the server's detail.
 */
export function RecordErpPanel(props: RecordErpPanelProps) {
  const { status, erp, canSend } = props;
  const [preconditions, setPreconditions] = useState<ProblemError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const whenFailed = (error: unknown) => {
    if (error instanceof ApiError && error.status === 422 && error.problem.errors?.length) {
      setPreconditions(error.problem.errors);
      return;
    }
    setMessage(errorDetail(error));
    if (error instanceof ApiError && error.status === 409) props.onChanged();
  };
  // The pressed button goes away with the new status: focus moves to the panel's heading instead.
  const heading = useRef<HTMLHeadingElement>(null);
  const succeeded = () => {
    heading.current?.focus();
    props.onChanged();
  };
  const start = () => {
    setPreconditions(null);
    setMessage(null);
  };
  const send = useMutation({
    mutationFn: props.onSend,
    onMutate: start,
    onSuccess: succeeded,
    onError: whenFailed,
  });
  const retrieve = useMutation({
    mutationFn: props.onRetrieve,
    onMutate: start,
    onSuccess: succeeded,
    onError: whenFailed,
  });

  const sendable = props.sendable ?? ['not_sent', 'retrieved', 'synced', 'rejected'].includes(status);
  const sendLabel = status === 'synced' || status === 'rejected' ? copy.resendToErp : copy.sendToErp;
  const rejected = status === 'rejected';

  return (
    <section aria-labelledby="erp-panel-heading" className="rounded-md border border-gray-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-2">
        <h2
          id="erp-panel-heading"
          ref={heading}
          tabIndex={-1}
          className="text-base font-semibold outline-none"
        >
          {erp}
        </h2>
        <StatusBadge status={status} />
      </div>
      <p
        data-testid="erp-status-line"
        className={
          rejected
            ? 'mt-2 rounded-md border border-yellow-300 bg-yellow-50 p-2 text-sm text-yellow-950'
            : 'mt-2 text-sm text-gray-800'
        }
      >
        {statusLine(props)}
      </p>
      {retrievable.has(status) && <p className="mt-2 text-sm text-gray-700">{lockedMessage}</p>}
      {canSend && (
        <div className="mt-3 flex flex-wrap gap-2">
          {sendable && (
            <Button variant="primary" isPending={send.isPending} onPress={() => send.mutate()}>
              {sendLabel}
            </Button>
          )}
          {retrievable.has(status) && (
            <Button isPending={retrieve.isPending} onPress={() => retrieve.mutate()}>
              {copy.retrieveFromErp}
            </Button>
          )}
        </div>
      )}
      {preconditions && (
        <div className="mt-3">
          <PreconditionList erp={erp} errors={preconditions} linkFor={props.linkFor} />
        </div>
      )}
      {message && (
        <p role="alert" className="mt-3 text-sm text-red-800">
          {message}
        </p>
      )}
    </section>
  );
}
