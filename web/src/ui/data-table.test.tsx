import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DataTable, dataTableColumns } from './data-table.tsx';

interface Item {
  id: string;
  name: string;
}
const helper = dataTableColumns<Item>();
const columns = [helper.accessor('name', { header: 'Name' })];
const items = Array.from({ length: 1000 }, (_, i) => ({ id: `i${i}`, name: `Item ${i}` }));

describe('DataTable', () => {
  it('counts every matching row in aria-rowcount and numbers drawn rows with aria-rowindex', () => {
    render(
      <DataTable caption="Items" columns={columns} data={items} getRowId={(i) => i.id} totalCount={10_000} />,
    );
    const table = screen.getByRole('table', { name: 'Items' });
    expect(table.getAttribute('aria-rowcount')).toBe('10001');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeLessThan(100);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('1');
    expect(rows[1]?.getAttribute('aria-rowindex')).toBe('2');
    expect(rows[1]?.textContent).toBe('Item 0');
  });

  it('is one tab stop, moves with the arrows and asks for more near the end', async () => {
    const onEndReached = vi.fn();
    render(
      <DataTable
        caption="Items"
        columns={columns}
        data={items.slice(0, 40)}
        getRowId={(i) => i.id}
        hasMore
        onEndReached={onEndReached}
      />,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.filter((r) => r.tabIndex === 0)).toHaveLength(1);
    await userEvent.tab();
    expect(document.activeElement?.textContent).toBe('Item 0');
    await userEvent.keyboard('{ArrowDown}');
    expect(document.activeElement?.textContent).toBe('Item 1');
    expect(onEndReached).toHaveBeenCalled();
  });
});
