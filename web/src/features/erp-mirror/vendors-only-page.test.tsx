import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { approverMe, demoCompany, json, problem, renderApp } from '../../testing/render-app.tsx';
import type { ErpVendor } from './mirror-queries.ts';

const adminMe = {
  ...approverMe,
  companies: [{ ...approverMe.companies[0], erpPermission: 'admin' }],
};

const acme: ErpVendor = {
  vendorCode: 'ACMECON',
  name: 'Acme Concrete Co',
  address: { line1: '12 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
  archived: false,
  seenAt: '2026-03-05T03:00:00.000Z',
};
const bolt: ErpVendor = {
  vendorCode: 'BOLT',
  name: 'Bolt Electric',
  archived: false,
  seenAt: '2026-03-05T03:00:00.000Z',
};

const vendor = (id: string, name: string, vendorCode: string | null) => ({
  id,
  version: 1,
  name,
  active: true,
  vendorCode,
  erp: vendorCode ? { status: 'rejected', vendorCode } : { status: 'not_sent' },
});

function server(me: unknown = adminMe) {
  let items = [acme, bolt];
  const posts: { path: string; body: unknown }[] = [];
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (path === '/api/v1/me') return json(200, me);
    if (path === '/api/v1/companies/c1') return json(200, demoCompany);
    if (path === '/api/v1/companies/c1/erp/sync-runs') return json(200, { items: [], nextCursor: null });
    if (path === '/api/v1/companies/c1/erp/vendors') return json(200, { items, nextCursor: null });
    if (path === '/api/v1/companies/c1/vendors')
      return json(200, {
        items: [vendor('v1', 'Summit Drywall', null), vendor('v2', 'Old Supplier', 'OLDSUP')],
        nextCursor: null,
      });
    const action = path.match(/^\/api\/v1\/companies\/c1\/erp\/vendors\/([^/]+)\/(import|link|archive)$/);
    if (action && request.method === 'POST') {
      posts.push({ path: `${action[1]}/${action[2]}`, body: await request.json() });
      items = items.filter((v) => v.vendorCode !== action[1]);
      return action[2] === 'import' ? json(201, vendor('v9', 'Acme Concrete Co', 'ACMECON')) : json(200, {});
    }
    return problem(404, 'Not found');
  };
  return { handler, posts };
}

describe('Vendors only in Spectrum', () => {
  it('lists vendor code, name, address and when each was last seen', async () => {
    renderApp('/companies/c1/erp/vendors?linked=false', server().handler);
    expect(await screen.findByRole('heading', { level: 1, name: 'Vendors only in Spectrum' })).toBeTruthy();
    const row = await screen.findByRole('row', { name: 'ACMECON Acme Concrete Co' });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'ACMECON',
      'Acme Concrete Co',
      '12 Main St, Springfield, IL 62701',
      'Mar 4, 2026',
      'ImportLinkArchive',
    ]);
    expect(within(screen.getByRole('row', { name: /BOLT/ })).getByText('—')).toBeTruthy();
  });

  it('Import creates the synced vendor and opens it', async () => {
    const { handler, posts } = server();
    const router = renderApp('/companies/c1/erp/vendors', handler);
    await userEvent.click(
      within(await screen.findByRole('row', { name: /ACMECON/ })).getByRole('button', { name: 'Import' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Import vendor ACMECON' });
    expect(within(dialog).getByText('Create vendor ACMECON Acme Concrete Co, synced?')).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/companies/c1/vendors/v9'));
    expect(posts).toEqual([{ path: 'ACMECON/import', body: {} }]);
  });

  it('Link picks an unsynced vendor and posts its id', async () => {
    const { handler, posts } = server();
    renderApp('/companies/c1/erp/vendors', handler);
    await userEvent.click(
      within(await screen.findByRole('row', { name: /BOLT/ })).getByRole('button', { name: 'Link' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Link vendor BOLT Bolt Electric' });
    const picker = await within(dialog).findByRole('combobox', { name: 'Vendor' });
    // Focus starts in the picker (S3); typing searches it.
    await waitFor(() => expect(document.activeElement).toBe(picker));
    await userEvent.type(picker, 'Su');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['Summit Drywall']);
    await userEvent.click(options[0]!);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(screen.queryByRole('row', { name: /BOLT/ })).toBeNull());
    expect(posts).toEqual([{ path: 'BOLT/link', body: { vendorId: 'v1' } }]);
  });

  it('shows no actions to ERP viewers', async () => {
    const viewer = { ...approverMe, companies: [{ ...approverMe.companies[0], erpPermission: 'read_only' }] };
    renderApp('/companies/c1/erp/vendors', server(viewer).handler);
    const row = await screen.findByRole('row', { name: /ACMECON/ });
    expect(within(row).queryByRole('button')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull();
  });
});
