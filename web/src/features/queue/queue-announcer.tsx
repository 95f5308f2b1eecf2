import { useCallback, useEffect, useRef, useState } from 'react';
import type { CompanyEvent, RequestEventData } from '../../api/events.ts';
import { type ErpStatus, statusLabels } from '../../format/erp.ts';
import { onCompanyEvent } from './live-events.tsx';

/** Changes to items nobody is looking at are told at most this often, summed up (UI.md §4). */
export const SUMMARY_MS = 5_000;

const phrases: Record<string, string> = {
  ready_to_export: 'sent for export',
  ready_to_update: 'sent for update',
  exporting: 'exporting',
  failed: 'failed to export',
  synced: 'synced',
  rejected: 'rejected',
  retrieved: 'retrieved',
};

/** "12 items synced, 1 item failed to export": counts by status, in the order they first came. */
export function summarise(counts: ReadonlyMap<string, number>): string {
  return [...counts]
    .map(
      ([status, n]) =>
        `${n.toLocaleString('en-US')} ${n === 1 ? 'item' : 'items'} ${phrases[status] ?? status}`,
    )
    .join(', ');
}

const isRequestEvent = (event: CompanyEvent): event is CompanyEvent & { data: RequestEventData } =>
  event.type.startsWith('request.');

/**
 * The queue's polite live region (UI.md §4): the item open in S4 or focused is told at once ("Riverside
 * Clinic: Synced"); any other item's change goes into a summary told at most every 5 s. The end of a
 * bulk action is told by its results panel; the items it acted on (`actedOn`) are not told again when
 * their accept or reject comes back as an event, their later outcome is.
 */
export function useQueueAnnouncer(isWatched: (requestId: string) => boolean) {
  const [message, setMessage] = useState('');
  const watched = useRef(isWatched);
  watched.current = isWatched;
  const acted = useRef(new Set<string>());
  const pending = useRef(new Map<string, number>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const stop = onCompanyEvent((event) => {
      if (!isRequestEvent(event)) return;
      const { requestId, status, subject } = event.data;
      if (acted.current.has(requestId) && ['exporting', 'rejected'].includes(status)) {
        acted.current.delete(requestId);
        return;
      }
      if (watched.current(requestId)) {
        setMessage(`${subject.label}: ${statusLabels[status as ErpStatus] ?? status}`);
        return;
      }
      pending.current.set(status, (pending.current.get(status) ?? 0) + 1);
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        setMessage(summarise(pending.current));
        pending.current = new Map();
      }, SUMMARY_MS);
    });
    return () => {
      stop();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, []);

  const actedOn = useCallback((ids: readonly string[]) => {
    for (const id of ids) acted.current.add(id);
  }, []);
  return { message, actedOn };
}

/** The region itself: visually hidden, polite. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      className="sr-only"
      data-testid="queue-live-region"
    >
      {message}
    </div>
  );
}
