import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { LineGrid, type LineGridColumn, type LineGridError, lineErrorsFrom } from './line-grid.tsx';

interface Line {
  costCode: string;
  costType: string;
  amount: string;
}

const columns: LineGridColumn<Line>[] = [
  {
    id: 'costCode',
    header: 'Cost code',
    kind: 'select',
    value: (l) => l.costCode,
    set: (l, costCode) => ({ ...l, costCode }),
    options: () => [
      { value: '03-300', label: '03-300 Concrete' },
      { value: '09-900', label: '09-900 Painting' },
    ],
  },
  { id: 'description', header: 'Description', kind: 'text', value: (l) => `About ${l.costCode}` },
  {
    id: 'amount',
    header: 'Amount',
    kind: 'money',
    value: (l) => l.amount,
    set: (l, amount) => ({ ...l, amount }),
  },
];
const amount = (l: Line) => l.amount;

function Harness({
  initial,
  readOnly = false,
  errors,
  onChange,
}: {
  initial: Line[];
  readOnly?: boolean;
  errors?: LineGridError[];
  onChange?: (lines: Line[]) => void;
}) {
  const [lines, setLines] = useState(initial);
  return (
    <LineGrid
      caption="Budget lines"
      columns={columns}
      lines={lines}
      onChange={(next) => {
        setLines(next);
        onChange?.(next);
      }}
      amount={amount}
      newLine={() => ({ costCode: '', costType: '', amount: '0.00' })}
      readOnly={readOnly}
      errors={errors}
    />
  );
}

const three: Line[] = [
  { costCode: '03-300', costType: 'L', amount: '1000.00' },
  { costCode: '03-300', costType: 'M', amount: '250.50' },
  { costCode: '09-900', costType: 'L', amount: '0.25' },
];
/** Tabs past Add line, the filter and the sort into the grid's one tab stop. */
async function tabIntoGrid() {
  for (let i = 0; i < 5 && !document.activeElement?.closest('[role="grid"]'); i++) await userEvent.tab();
}
const total = () => screen.getByTestId('line-grid-total').textContent;

describe('LineGrid', () => {
  it('is one tab stop and moves the active cell with the arrows', async () => {
    render(<Harness initial={three} />);
    const grid = screen.getByRole('grid', { name: 'Budget lines' });
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    await tabIntoGrid();
    expect(document.activeElement?.textContent).toBe('03-300 Concrete');
    await userEvent.keyboard('{ArrowRight}{ArrowRight}');
    expect(document.activeElement?.textContent).toBe('$1,000.00');
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('$250.50');
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    await userEvent.tab();
    expect(grid.contains(document.activeElement)).toBe(false);
  });

  it('edits an amount with Enter, commits with Enter and updates the exact total', async () => {
    const onChange = vi.fn();
    render(<Harness initial={three} onChange={onChange} />);
    expect(total()).toBe('3 lines · Total $1,250.75');
    await tabIntoGrid();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    const input = screen.getByRole('textbox', { name: 'Amount' });
    expect((input as HTMLInputElement).value).toBe('1000.00');
    await userEvent.clear(input);
    await userEvent.keyboard('1,234,567,890,123.5{Enter}');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.activeElement?.textContent).toBe('$1,234,567,890,123.50');
    expect(total()).toBe('3 lines · Total $1,234,567,890,374.25');
    expect(onChange).toHaveBeenLastCalledWith([
      { ...three[0], amount: '1234567890123.50' },
      three[1],
      three[2],
    ]);
  });

  it('cancels with Esc, and typing starts an edit that Tab commits before moving on', async () => {
    render(<Harness initial={three} />);
    await tabIntoGrid();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{F2}');
    await userEvent.keyboard('99{Escape}');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.activeElement?.textContent).toBe('$1,000.00');
    await userEvent.keyboard('7');
    expect((screen.getByRole('textbox', { name: 'Amount' }) as HTMLInputElement).value).toBe('7');
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove line 1');
    expect(total()).toBe('3 lines · Total $257.75');
    await userEvent.keyboard('{ArrowLeft}');
    expect(document.activeElement?.textContent).toBe('$7.00');
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement?.closest('[role="grid"]')).toBeNull();
  });

  it('keeps an invalid amount open with the message', async () => {
    render(<Harness initial={three} />);
    await tabIntoGrid();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{Enter}');
    const input = screen.getByRole('textbox', { name: 'Amount' });
    await userEvent.clear(input);
    await userEvent.keyboard('12.345{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Enter an amount like 1,250.00.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(total()).toBe('3 lines · Total $1,250.75');
    await userEvent.keyboard('{Escape}');
    expect(screen.getByRole('alert').textContent).toBe('');
  });

  it('edits a select with the keyboard', async () => {
    render(<Harness initial={three} />);
    await tabIntoGrid();
    await userEvent.keyboard('{Enter}');
    const select = screen.getByRole('combobox', { name: 'Cost code' });
    await userEvent.selectOptions(select, '09-900');
    select.focus();
    await userEvent.keyboard('{Enter}');
    expect(document.activeElement?.textContent).toBe('09-900 Painting');
    expect(screen.getAllByText('About 09-900', { selector: 'td' })).toHaveLength(2);
  });

  it('adds and removes lines', async () => {
    render(<Harness initial={three} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add line' }));
    expect(total()).toBe('4 lines · Total $1,250.75');
    expect(document.activeElement?.closest('tr')?.getAttribute('aria-rowindex')).toBe('5');
    await userEvent.click(screen.getByRole('button', { name: 'Remove line 1' }));
    expect(total()).toBe('3 lines · Total $250.75');
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('4');
  });

  it('is read-only when locked: no editing, no Add line, no Remove', async () => {
    render(<Harness initial={three} readOnly />);
    expect(screen.queryByRole('button', { name: 'Add line' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull();
    expect(screen.getByRole('grid').getAttribute('aria-readonly')).toBe('true');
    await tabIntoGrid();
    await userEvent.keyboard('{ArrowRight}{ArrowRight}{Enter}5');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.activeElement?.textContent).toBe('$1,000.00');
  });

  it('filters and sorts on the client, and edits the line shown', async () => {
    render(<Harness initial={three} />);
    await userEvent.type(screen.getByRole('searchbox', { name: 'Filter lines' }), 'painting');
    expect(total()).toBe('Showing 1 of 3 lines · Total $1,250.75');
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('2');
    expect(
      within(grid)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['3']);
    (grid.querySelector('[tabindex="0"]') as HTMLElement).focus();
    await userEvent.keyboard('{End}{ArrowLeft}{Enter}');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Amount' }));
    await userEvent.keyboard('10{Enter}');
    expect(total()).toBe('Showing 1 of 3 lines · Total $1,260.50');
    await userEvent.clear(screen.getByRole('searchbox', { name: 'Filter lines' }));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'amount:desc');
    expect(
      within(grid)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['1', '2', '3']);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Sort by' }), 'amount:asc');
    expect(
      within(grid)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['3', '2', '1']);
    expect(screen.getByRole('columnheader', { name: 'Amount' }).getAttribute('aria-sort')).toBe('ascending');
    await userEvent.click(screen.getByRole('button', { name: 'Remove line 2' }));
    expect(
      within(grid)
        .getAllByRole('rowheader')
        .map((h) => h.textContent),
    ).toEqual(['2', '1']);
    expect(total()).toBe('2 lines · Total $1,010.00');
  });

  it('marks the lines and cells the server named', () => {
    const errors = lineErrorsFrom([
      { path: 'lines[1].amount', message: 'Amount is too large.' },
      { path: 'version', message: 'Stale.' },
    ]);
    expect(errors).toEqual([{ line: 1, column: 'amount', message: 'Amount is too large.' }]);
    render(<Harness initial={three} errors={errors} />);
    const row = screen.getAllByRole('row')[2] as HTMLElement;
    expect(within(row).getByRole('rowheader').textContent).toContain('Amount is too large.');
    expect(within(row).getByText('$250.50').getAttribute('aria-invalid')).toBe('true');
  });

  it('draws fewer than 100 rows for 5,000 lines, keeps the total exact and stays on the active row', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      costCode: '03-300',
      costType: String(i),
      amount: '0.10',
    }));
    render(<Harness initial={many} />);
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    expect(within(grid).getAllByRole('row').length).toBeLessThan(100);
    expect(total()).toBe('5,000 lines · Total $500.00');
    await tabIntoGrid();
    await userEvent.keyboard('{Control>}{End}{/Control}');
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove line 5000');
    expect(document.activeElement?.closest('tr')?.getAttribute('aria-rowindex')).toBe('5001');
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Amount' }));
    await userEvent.keyboard('1,000.10{Enter}');
    expect(total()).toBe('5,000 lines · Total $1,500.00');
    expect(within(grid).getAllByRole('row').length).toBeLessThan(100);
  });
});
