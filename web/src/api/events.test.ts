import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import {
  applyListOperation,
  type CompanyEvent,
  eventOperations,
  type LivePage,
  type LoadedList,
} from './events.ts';

const row = (id: string, status = 'ready_to_export', kind = 'project') => ({ id, status, kind });
const data = (pages: LivePage[]): InfiniteData<LivePage> => ({ pages, pageParams: pages.map(() => null) });
const event = (status: string, requestId = 'r1', kind = 'project'): CompanyEvent => ({
  id: 'e1',
  type: 'request.accepted',
  at: '2026-03-04T15:00:00Z',
  data: { requestId, kind, status, subject: { id: 's1', label: 'Riverside Clinic' } },
});
const needsAction = (d: InfiniteData<LivePage> | undefined, kinds: string[] = []): LoadedList => ({
  queryKey: ['c', 'c1', 'erp-requests', 'list', 'needs'],
  statuses: ['ready_to_export', 'ready_to_update', 'failed', 'exporting'],
  kinds,
  data: d,
});

describe('eventOperations', () => {
  it('patches a loaded row that still matches, in place', () => {
    const ops = eventOperations(event('exporting'), [
      needsAction(data([{ items: [row('r1')], nextCursor: null }])),
    ]);
    expect(ops[0]).toEqual({
      op: 'patch',
      queryKey: ['c', 'c1', 'erp-requests', 'list', 'needs'],
      requestId: 'r1',
      status: 'exporting',
    });
    expect(ops).toContainEqual({ op: 'refetchCounts' });
    expect(ops).toContainEqual({ op: 'invalidateDetail', requestId: 'r1' });
    expect(ops).toContainEqual({ op: 'invalidateSubject', subjectId: 's1' });
  });

  it('removes a loaded row that leaves the filter', () => {
    const ops = eventOperations(event('rejected'), [
      needsAction(data([{ items: [row('r1')], nextCursor: 'x' }])),
    ]);
    expect(ops[0]).toMatchObject({ op: 'remove', requestId: 'r1' });
  });

  it('keeps a row the user just accepted in place, patched', () => {
    const list = needsAction(data([{ items: [row('r1')], nextCursor: 'x' }]));
    const ops = eventOperations(event('synced'), [list], new Set(['r1']));
    expect(ops[0]).toMatchObject({ op: 'patch', requestId: 'r1', status: 'synced' });
  });

  it('appends a new matching item only when the last page is loaded', () => {
    const full = eventOperations(event('ready_to_export', 'r9'), [
      needsAction(data([{ items: [row('r1')], nextCursor: null }])),
    ]);
    expect(full[0]).toMatchObject({ op: 'append', requestId: 'r9' });
    const partial = eventOperations(event('ready_to_export', 'r9'), [
      needsAction(data([{ items: [row('r1')], nextCursor: 'x' }])),
    ]);
    expect(partial.map((o) => o.op)).toEqual(['refetchCounts', 'invalidateDetail', 'invalidateSubject']);
  });

  it('leaves a list of another kind alone but still refetches the counts', () => {
    const ops = eventOperations(event('ready_to_export', 'r9', 'vendor'), [
      needsAction(data([{ items: [], nextCursor: null }]), ['project']),
    ]);
    expect(ops.map((o) => o.op)).toEqual(['refetchCounts', 'invalidateDetail', 'invalidateSubject']);
  });

  it('turns sync.finished into an invalidation of the sync screens', () => {
    const ops = eventOperations(
      {
        id: 'e2',
        type: 'sync.finished',
        at: '2026-03-04T15:00:00Z',
        data: { syncRunId: 's', status: 'succeeded' },
      },
      [],
    );
    expect(ops).toEqual([{ op: 'invalidateSync' }]);
  });
});

describe('applyListOperation', () => {
  const before = data([
    { items: [row('r1'), row('r2')], nextCursor: 'x' },
    { items: [row('r3')], nextCursor: null },
  ]);

  it('patches the status of one row and keeps the others', () => {
    const after = applyListOperation(before, {
      op: 'patch',
      queryKey: [],
      requestId: 'r3',
      status: 'synced',
    });
    expect(after?.pages[1]?.items[0]?.status).toBe('synced');
    expect(after?.pages[0]).toBe(before.pages[0]);
  });

  it('removes a row', () => {
    const after = applyListOperation(before, { op: 'remove', queryKey: [], requestId: 'r2' });
    expect(after?.pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(['r1', 'r3']);
  });

  it('appends a row to the last page once', () => {
    const op = { op: 'append', queryKey: [], requestId: 'r4' } as const;
    const after = applyListOperation(before, op, row('r4'));
    expect(after?.pages[1]?.items.map((i) => i.id)).toEqual(['r3', 'r4']);
    expect(applyListOperation(after, op, row('r4'))).toBe(after);
  });
});
