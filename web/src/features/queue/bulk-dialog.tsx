import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorDetail } from '../../api/client.ts';
import { copy } from '../../copy.ts';
import { Button } from '../../ui/button.tsx';
import { Dialog, DialogActions } from '../../ui/dialog.tsx';
import { TextField } from '../../ui/text-field.tsx';
import { hasPreflightErrors } from './preflight-list.tsx';
import type { QueueRow } from './queue-queries.ts';
import { MAX_COMMENT } from './reject-dialog.tsx';

/** The API's maximum ids per `POST …/erp/requests/bulk`. */
export const BULK_CHUNK = 200;

export interface BulkResult {
  id: string;
  ok: boolean;
  status?: string | undefined;
  error?: { code: string; detail: string } | undefined;
}

export const kindLabels: Record<QueueRow['kind'], [string, string]> = {
  project: ['project', 'projects'],
  cost_codes: ['cost-code update', 'cost-code updates'],
  budget: ['budget', 'budgets'],
  vendor: ['vendor', 'vendors'],
  commitment: ['commitment', 'commitments'],
  change_order: ['change order', 'change orders'],
};

const n = (count: number) => count.toLocaleString('en-US');

/** "180 accepted · 20 not accepted", the failures with the server's reason, and a way to select them. */
export function BulkResults({
  action,
  results,
  labels,
  onSelect,
}: {
  action: 'accept' | 'reject';
  results: BulkResult[];
  labels: Record<string, string>;
  onSelect: (ids: string[]) => void;
}) {
  const done = action === 'accept' ? 'accepted' : 'rejected';
  const failed = results.filter((r) => !r.ok);
  return (
    <section aria-label="Results" className="space-y-3 text-sm">
      <p role="status" className="font-medium">
        {n(results.length - failed.length)} {done} · {n(failed.length)} not {done}
      </p>
      {failed.length > 0 && (
        <>
          <div className="max-h-64 overflow-auto">
            <table className="w-full border-collapse">
              <caption className="sr-only">Items not {done}</caption>
              <thead>
                <tr>
                  <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                    Item
                  </th>
                  <th scope="col" className="border-b px-2 py-1 text-left font-medium">
                    Reason
                  </th>
                </tr>
              </thead>
              <tbody>
                {failed.map((r) => (
                  <tr key={r.id}>
                    <td className="border-b border-gray-100 px-2 py-1">{labels[r.id] ?? r.id}</td>
                    <td className="border-b border-gray-100 px-2 py-1">
                      {r.error?.detail ?? r.status ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Button onPress={() => onSelect(failed.map((r) => r.id))}>
            Select the {n(failed.length)} not {done}
          </Button>
        </>
      )}
    </section>
  );
}

export interface BulkDialogProps {
  action: 'accept' | 'reject';
  rows: QueueRow[];
  erp: string;
  /** One chunk of at most 200 ids. */
  run: (ids: string[], comment?: string) => Promise<BulkResult[]>;
  onSelect: (ids: string[]) => void;
  onClose: () => void;
}

/**
 * Bulk accept / bulk reject (S3): the defaults that apply, sequential chunks of 200 with a progress
 * bar, then the results panel.
 */
export function BulkDialog({ action, rows, erp, run, onSelect, onClose }: BulkDialogProps) {
  const [leaveOut, setLeaveOut] = useState(true);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const [progress, setProgress] = useState<number | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const [error, setError] = useState<string | undefined>();
  const commentRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  useEffect(() => commentRef.current?.focus(), []);
  const withErrors = rows.filter((r) => hasPreflightErrors(r.preflight));
  const chosen =
    action === 'accept' && leaveOut ? rows.filter((r) => !hasPreflightErrors(r.preflight)) : rows;
  const labels = Object.fromEntries(rows.map((r) => [r.id, r.subject.label]));
  const byKind = Object.entries(
    chosen.reduce<Record<string, number>>((acc, r) => {
      acc[r.kind] = (acc[r.kind] ?? 0) + 1;
      return acc;
    }, {}),
  ).map(([kind, count]) => `${n(count)} ${kindLabels[kind as QueueRow['kind']][count === 1 ? 0 : 1]}`);
  const left = rows.length - chosen.length;
  const title =
    action === 'accept'
      ? `Export ${n(chosen.length)} ${chosen.length === 1 ? 'item' : 'items'}${left > 0 ? ` (${n(left)} left out)` : ''}`
      : `Reject ${n(rows.length)} ${rows.length === 1 ? 'item' : 'items'}`;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (progress !== null) return;
    if (action === 'reject' && comment.trim() === '') {
      setCommentError('Enter a comment to reject.');
      return;
    }
    const ids = chosen.map((r) => r.id);
    const all: BulkResult[] = [];
    setProgress(0);
    setError(undefined);
    try {
      for (let i = 0; i < ids.length; i += BULK_CHUNK) {
        all.push(
          ...(await run(ids.slice(i, i + BULK_CHUNK), action === 'reject' ? comment.trim() : undefined)),
        );
        setProgress(Math.min(i + BULK_CHUNK, ids.length));
      }
    } catch (e) {
      setError(errorDetail(e));
    }
    setResults(all);
    setProgress(null);
  };

  return (
    <Dialog title={title} isOpen onClose={onClose} isDismissable={progress === null} wide>
      {results ? (
        <>
          {error && (
            <p role="alert" className="mb-3 text-sm text-red-800">
              {error}
            </p>
          )}
          <BulkResults action={action} results={results} labels={labels} onSelect={onSelect} />
          <DialogActions>
            <Button variant="primary" onPress={onClose}>
              Close
            </Button>
          </DialogActions>
        </>
      ) : (
        <form onSubmit={submit} className="space-y-4 text-sm" noValidate>
          {action === 'accept' ? (
            <>
              <p>{byKind.join(', ') || 'Nothing to export.'}</p>
              <ul className="ml-5 list-disc text-gray-700">
                <li>Job number: the project's number; job template: the company's default.</li>
                <li>Vendor code: derived from the vendor's name.</li>
                <li>
                  Items that are {copy.readyToUpdate} are updated in {erp}.
                </li>
              </ul>
              {withErrors.length > 0 && (
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={leaveOut} onChange={(e) => setLeaveOut(e.target.checked)} />
                  Leave out {n(withErrors.length)} {withErrors.length === 1 ? 'item' : 'items'} with preflight
                  errors
                </label>
              )}
            </>
          ) : (
            <>
              <TextField
                label={copy.enterAComment}
                value={comment}
                onChange={(v) => {
                  setComment(v);
                  setCommentError(undefined);
                }}
                isRequired
                multiline
                autoFocus
                maxLength={MAX_COMMENT}
                error={commentError}
                inputRef={commentRef}
                description="Each sender is emailed your comment and their records become editable again."
              />
              <p className="text-right text-xs text-gray-600" aria-live="polite">
                {n(comment.length)} / {n(MAX_COMMENT)} characters
              </p>
            </>
          )}
          {progress !== null && (
            <progress
              className="w-full"
              aria-label={action === 'accept' ? 'Exporting' : 'Rejecting'}
              value={progress}
              max={chosen.length}
            />
          )}
          <DialogActions>
            <Button onPress={onClose} isDisabled={progress !== null}>
              Cancel
            </Button>
            <Button
              type="submit"
              variant={action === 'accept' ? 'primary' : 'danger'}
              isPending={progress !== null}
              isDisabled={chosen.length === 0}
            >
              {action === 'accept' ? copy.export : copy.reject}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
