import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ApiContext, createApiClient } from '../../api/client.ts';
import { json } from '../../testing/render-app.tsx';
import { type LastOutcome, useErpFacts } from './request-facts.ts';

const approver = { id: 'u9', name: 'Ana Approver', email: 'ana@demo.test' };

function facts(erp: Parameters<typeof useErpFacts>[1], queue = false) {
  const server = vi.fn(async (request: Request) =>
    new URL(request.url).pathname === '/api/v1/companies/c1/erp/requests/r1'
      ? json(200, { sentAt: '2026-03-04T15:05:00Z' })
      : json(404, {}),
  );
  const api = createApiClient({ fetch: server });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <ApiContext value={api}>
      <QueryClientProvider client={new QueryClient()}>{children}</QueryClientProvider>
    </ApiContext>
  );
  const { result } = renderHook(() => useErpFacts('c1', erp, queue), { wrapper });
  return { result, server };
}

const outcome = (status: LastOutcome['status'], comment?: string): LastOutcome => ({
  status,
  by: approver,
  at: '2026-03-04T15:05:00Z',
  ...(comment !== undefined && { comment }),
});

describe('useErpFacts', () => {
  it('tells a project user who rejected the record, when and why, from erp.lastOutcome alone', () => {
    const { result, server } = facts({
      status: 'not_sent',
      lastOutcome: outcome('rejected', 'Fix the division'),
    });
    expect(result.current).toEqual({
      status: 'rejected',
      facts: { rejection: { by: 'Ana Approver', at: '2026-03-04T15:05:00Z', comment: 'Fix the division' } },
    });
    expect(server).not.toHaveBeenCalled();
  });

  it('shows a rejected re-send of a synced record as rejected, and a retrieved one as retrieved', () => {
    expect(facts({ status: 'synced', lastOutcome: outcome('rejected', 'No') }).result.current.status).toBe(
      'rejected',
    );
    expect(facts({ status: 'not_sent', lastOutcome: outcome('retrieved') }).result.current).toEqual({
      status: 'retrieved',
    });
    expect(facts({ status: 'synced', lastOutcome: outcome('synced') }).result.current).toEqual({
      status: 'synced',
    });
  });

  it('quotes the ERP’s failure without reading the request', () => {
    const { result, server } = facts({
      status: 'failed',
      requestId: 'r1',
      lastOutcome: outcome('failed', 'Job 24-010 already exists'),
    });
    expect(result.current).toEqual({ status: 'failed', facts: { failure: 'Job 24-010 already exists' } });
    expect(server).not.toHaveBeenCalled();
  });

  it('dates a wait from the request for ERP readers, and a new send hides the last outcome', async () => {
    const { result } = facts(
      { status: 'ready_to_export', requestId: 'r1', lastOutcome: outcome('rejected', 'Old') },
      true,
    );
    await waitFor(() =>
      expect(result.current).toEqual({
        status: 'ready_to_export',
        facts: { sentAt: '2026-03-04T15:05:00Z' },
      }),
    );
  });
});
