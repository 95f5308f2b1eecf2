import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client.ts';
import type { ErpStatus } from '../../format/erp.ts';
import { RecordErpPanel, type RecordErpPanelProps } from './record-erp-panel.tsx';

const dates = { timeZone: 'America/Chicago', locale: 'en-US' };

function renderPanel(props: Partial<RecordErpPanelProps> & { status: ErpStatus }) {
  const all: RecordErpPanelProps = {
    companyId: 'c1',
    erp: 'Spectrum',
    syncedText: 'Synced with Spectrum as job 24-010',
    dates,
    canSend: true,
    canViewQueue: false,
    onSend: vi.fn(async () => undefined),
    onRetrieve: vi.fn(async () => undefined),
    onChanged: vi.fn(),
    ...props,
  };
  render(
    <QueryClientProvider client={new QueryClient()}>
      <RecordErpPanel {...all} />
    </QueryClientProvider>,
  );
  return all;
}

const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent);
const line = () => screen.getByTestId('erp-status-line').textContent;

describe('RecordErpPanel', () => {
  it.each([
    ['not_sent', 'Not sent to Spectrum', ['Send to ERP']],
    ['synced', 'Synced with Spectrum as job 24-010', ['Re-send to ERP']],
    ['ready_to_export', 'Waiting for an accounting approver', ['Retrieve from ERP']],
    ['ready_to_update', 'Waiting for an accounting approver', ['Retrieve from ERP']],
    ['exporting', 'Exporting to Spectrum…', []],
    ['failed', 'Failed to Export. An accounting approver can retry or reject it.', []],
    [
      'rejected',
      'Rejected by an accounting approver. Change what they asked for, then Re-send to ERP.',
      ['Re-send to ERP'],
    ],
    ['retrieved', 'Retrieved before approval. Not sent to Spectrum.', ['Send to ERP']],
  ] as const)('%s reads “%s” and offers %j to a project admin', (status, text, expected) => {
    renderPanel({ status });
    expect(line()).toBe(text);
    expect(buttons()).toEqual(expected);
  });

  it('offers no buttons without project admin', () => {
    for (const status of ['not_sent', 'synced', 'ready_to_export'] as const) {
      renderPanel({ status, canSend: false });
      expect(buttons()).toEqual([]);
      document.body.innerHTML = '';
    }
  });

  it('says the record is locked while waiting', () => {
    renderPanel({ status: 'ready_to_export' });
    expect(screen.getByText('Locked while waiting for approval — Retrieve from ERP to edit.')).toBeTruthy();
  });

  it('dates the wait, quotes the ERP’s failure and the approver’s comment', () => {
    renderPanel({ status: 'ready_to_export', facts: { sentAt: '2026-03-04T15:05:00Z' } });
    expect(line()).toBe('Waiting for an accounting approver since Mar 4, 2026, 9:05 AM CST');
    document.body.innerHTML = '';
    renderPanel({ status: 'failed', facts: { failure: 'Job 24-010 already exists' } });
    expect(line()).toBe(
      'Failed to Export: Job 24-010 already exists. An accounting approver can retry or reject it.',
    );
    document.body.innerHTML = '';
    renderPanel({
      status: 'rejected',
      facts: { rejection: { by: 'Ana Approver', at: '2026-03-04T15:05:00Z', comment: 'Fix the division' } },
    });
    expect(line()).toBe('Rejected by Ana Approver on Mar 4, 2026, 9:05 AM CST: “Fix the division”');
  });

  it('shows a 422 from Send to ERP as the precondition list, focused', async () => {
    const onSend = vi.fn(async () => {
      throw new ApiError({
        type: 'urn:x',
        title: 'Precondition failed',
        status: 422,
        detail: 'This project cannot be sent yet',
        code: 'precondition_failed',
        errors: [
          { path: 'division', message: 'Spectrum needs a division, or a job template that sets one.' },
        ],
      });
    });
    renderPanel({ status: 'not_sent', onSend });
    await userEvent.click(screen.getByRole('button', { name: 'Send to ERP' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Can't send to Spectrum yet:");
    expect(alert.textContent).toContain('Spectrum needs a division, or a job template that sets one.');
    await waitFor(() => expect(document.activeElement).toBe(alert));
  });

  it('shows a 409 invalid_state detail and refetches', async () => {
    const onRetrieve = vi.fn(async () => {
      throw new ApiError({
        type: 'urn:x',
        title: 'Conflict',
        status: 409,
        detail: 'An approver already accepted this request.',
        code: 'invalid_state',
      });
    });
    const props = renderPanel({ status: 'ready_to_export', onRetrieve });
    await userEvent.click(screen.getByRole('button', { name: 'Retrieve from ERP' }));
    expect((await screen.findByRole('alert')).textContent).toBe('An approver already accepted this request.');
    expect(props.onChanged).toHaveBeenCalled();
  });
});
