import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { PreconditionList } from './precondition-list.tsx';

const errors = [
  { path: 'division', message: 'Spectrum needs a division, or a job template that sets one.' },
  { path: 'costCodes', message: 'Add at least one cost code with a cost type.' },
];

describe('PreconditionList', () => {
  it('lists every message verbatim under its heading, as an alert that takes focus', () => {
    render(<PreconditionList erp="Spectrum" errors={errors} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain("Can't send to Spectrum yet:");
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(errors.map((e) => e.message));
    expect(document.activeElement).toBe(alert);
  });

  it('adds the link to each fix it is given', () => {
    render(
      <PreconditionList
        erp="Sage 300 CRE"
        errors={errors}
        linkFor={(e) => (e.path === 'costCodes' ? <a href="/fix">Open cost codes</a> : null)}
      />,
    );
    expect(screen.getByText("Can't send to Sage 300 CRE yet:")).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open cost codes' }).getAttribute('href')).toBe('/fix');
  });
});
