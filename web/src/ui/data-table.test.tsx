import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useCallback, useState } from 'react';
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

  it('reaches the real last row with one End, loading page after page, and another key stops it', async () => {
    // happy-dom lays nothing out: the scroller gets a height and a scroll event as in a browser.
    const proto = HTMLElement.prototype;
    const layout = vi.spyOn(proto, 'scrollHeight', 'get').mockReturnValue(all.length * 36);
    const view = vi.spyOn(proto, 'clientHeight', 'get').mockReturnValue(720);
    const scrollTo = vi.spyOn(proto, 'scrollTo').mockImplementation(function (
      this: HTMLElement,
      options?: ScrollToOptions | number,
    ) {
      if (typeof options === 'object' && options.top !== undefined) {
        this.scrollTop = options.top;
        this.dispatchEvent(new Event('scroll'));
      }
    });
    const pages: number[] = [];
    const { unmount } = render(<Paged pages={pages} />);
    await userEvent.tab();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.getAttribute('aria-rowindex')).toBe('1001'));
    expect(document.activeElement?.textContent).toBe('Item 999');
    // One page at a time, each asked for once.
    expect(pages).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
    unmount();

    // End, then ↑ before the next page arrives: focus stays where ↑ put it.
    render(<Paged pages={[]} delay={100} />);
    await userEvent.tab();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Item 99'));
    await userEvent.keyboard('{ArrowUp}');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(document.activeElement?.textContent).toBe('Item 98');
    for (const mock of [layout, view, scrollTo]) mock.mockRestore();
  });
});

const all = Array.from({ length: 1000 }, (_, i) => ({ id: `i${i}`, name: `Item ${i}` }));

/** 1,000 rows served 100 at a time, a page `delay` ms after `onEndReached`; `pages` records each ask. */
function Paged({ pages, delay = 5 }: { pages: number[]; delay?: number }) {
  const [loaded, setLoaded] = useState(100);
  const [loading, setLoading] = useState(false);
  const onEndReached = useCallback(() => {
    if (loading) return;
    setLoading(true);
    pages.push(loaded);
    setTimeout(() => {
      setLoaded((n) => n + 100);
      setLoading(false);
    }, delay);
  }, [loading, loaded, pages, delay]);
  return (
    <DataTable
      caption="Items"
      columns={columns}
      data={all.slice(0, loaded)}
      getRowId={(i) => i.id}
      totalCount={all.length}
      hasMore={loaded < all.length}
      onEndReached={onEndReached}
    />
  );
}
