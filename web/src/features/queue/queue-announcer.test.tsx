import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompanyEvent } from '../../api/events.ts';
import { emitCompanyEvent } from './live-events.tsx';
import { LiveRegion, SUMMARY_MS, summarise, useQueueAnnouncer } from './queue-announcer.tsx';

const event = (requestId: string, status: string, label = `Item ${requestId}`): CompanyEvent => ({
  id: `e-${requestId}-${status}`,
  type: status === 'synced' ? 'request.synced' : 'request.accepted',
  at: '2026-03-04T15:05:00Z',
  data: { requestId, kind: 'project', status, subject: { id: `p-${requestId}`, label } },
});

let actedOn: (ids: readonly string[]) => void = () => {};
function Harness({ watched }: { watched: string }) {
  const announcer = useQueueAnnouncer((id) => id === watched);
  actedOn = announcer.actedOn;
  return <LiveRegion message={announcer.message} />;
}
const region = () => screen.getByRole('status').textContent;

describe('the queue’s live region', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sums up changes by status', () => {
    expect(
      summarise(
        new Map([
          ['synced', 12],
          ['failed', 1],
        ]),
      ),
    ).toBe('12 items synced, 1 item failed to export');
  });

  it('tells the watched item at once and the others at most every 5 s, summed up', () => {
    render(<Harness watched="r1" />);
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
    act(() => emitCompanyEvent(event('r1', 'synced', 'Riverside Clinic')));
    expect(region()).toBe('Riverside Clinic: Synced');
    act(() => {
      for (const id of ['r2', 'r3', 'r4']) emitCompanyEvent(event(id, 'synced'));
      emitCompanyEvent(event('r5', 'exporting'));
    });
    expect(region()).toBe('Riverside Clinic: Synced');
    act(() => vi.advanceTimersByTime(SUMMARY_MS));
    expect(region()).toBe('3 items synced, 1 item exporting');
  });

  it('does not tell again the accepts of a bulk action, only their outcome', () => {
    render(<Harness watched="none" />);
    act(() => {
      actedOn(['r2']);
      emitCompanyEvent(event('r2', 'exporting'));
      emitCompanyEvent(event('r2', 'synced'));
    });
    act(() => vi.advanceTimersByTime(SUMMARY_MS));
    expect(region()).toBe('1 item synced');
  });
});
