import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BulkResults } from './bulk-dialog.tsx';

describe('bulk results panel', () => {
  it('counts accepted and not accepted, lists each failure with its reason, and selects them', async () => {
    const onSelect = vi.fn();
    const results = [
      ...Array.from({ length: 180 }, (_, i) => ({ id: `ok${i}`, ok: true, status: 'exporting' })),
      {
        id: 'r1',
        ok: false,
        error: { code: 'invalid_state', detail: 'The request was retrieved by its sender' },
      },
      {
        id: 'r2',
        ok: false,
        error: { code: 'version_conflict', detail: 'Someone else changed this request' },
      },
    ];
    render(
      <BulkResults
        action="accept"
        results={results}
        labels={{ r1: 'J1001 Riverside Clinic', r2: 'J1002 Oak Street' }}
        onSelect={onSelect}
      />,
    );
    expect(screen.getByText('180 accepted · 2 not accepted')).toBeTruthy();
    expect(
      screen.getByRole('row', { name: /J1001 Riverside Clinic The request was retrieved by its sender/ }),
    ).toBeTruthy();
    expect(
      screen.getByRole('row', { name: /J1002 Oak Street Someone else changed this request/ }),
    ).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Select the 2 not accepted' }));
    expect(onSelect).toHaveBeenCalledWith(['r1', 'r2']);
  });

  it('reads rejected for a bulk reject', () => {
    render(<BulkResults action="reject" results={[{ id: 'a', ok: true }]} labels={{}} onSelect={() => {}} />);
    expect(screen.getByText('1 rejected · 0 not rejected')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
