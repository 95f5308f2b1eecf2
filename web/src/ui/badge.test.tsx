import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { erpStatuses } from '../format/erp.ts';
import { StatusBadge } from './badge.tsx';

const expected = {
  not_sent: 'Not sent',
  ready_to_export: 'Ready to Export',
  ready_to_update: 'Ready to Update',
  exporting: 'Exporting…',
  failed: 'Failed to Export',
  synced: 'Synced',
  rejected: 'Rejected',
  retrieved: 'Retrieved',
};

describe('StatusBadge', () => {
  it.each(erpStatuses)('shows %s as text beside a decorative icon', (status) => {
    const { container } = render(<StatusBadge status={status} />);
    expect(screen.getByText(expected[status])).toBeTruthy();
    const icon = container.querySelector('svg');
    expect(icon?.getAttribute('aria-hidden')).toBe('true');
  });

  it('covers every status of UI.md §2', () => {
    expect(new Set(erpStatuses)).toEqual(new Set(Object.keys(expected)));
  });
});
