import { type InfiniteData, infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';
import { type ApiClient, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema.d.ts';
import type { ComboBoxItem } from '../../ui/combo-box.tsx';

type JobsPage =
  paths['/api/v1/companies/{c}/erp/jobs']['get']['responses'][200]['content']['application/json'];
type VendorsPage =
  paths['/api/v1/companies/{c}/erp/vendors']['get']['responses'][200]['content']['application/json'];
export type ErpJob = JobsPage['items'][number];
export type ErpVendor = VendorsPage['items'][number];

/**
 * Under `['c', c, 'erp']`: a finished sync (the `sync.finished` event, or the ERP area header seeing its
 * run end) refreshes the mirror lists and the pickers.
 */
export const mirrorKeys = {
  jobs: (c: string) => ['c', c, 'erp', 'jobs', 'only-in-erp'] as const,
  vendors: (c: string) => ['c', c, 'erp', 'vendors', 'only-in-erp'] as const,
  unsyncedProjects: (c: string) => ['c', c, 'erp', 'link-candidates', 'projects'] as const,
  unsyncedVendors: (c: string) => ['c', c, 'erp', 'link-candidates', 'vendors'] as const,
};

const PAGE_SIZE = 200;
/** The pickers load every candidate page up to this many, then the ComboBox searches them. */
const MAX_CANDIDATE_PAGES = 10;

/** S7: jobs only in the ERP (not linked, not archived), page by page. */
export const jobsOnlyInErpQuery = (api: ApiClient, c: string) =>
  infiniteQueryOptions({
    queryKey: mirrorKeys.jobs(c),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/jobs', {
          params: {
            path: { c },
            query: { linked: false, limit: PAGE_SIZE, ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });

/** S8: vendors only in the ERP, page by page. */
export const vendorsOnlyInErpQuery = (api: ApiClient, c: string) =>
  infiniteQueryOptions({
    queryKey: mirrorKeys.vendors(c),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/companies/{c}/erp/vendors', {
          params: {
            path: { c },
            query: { linked: false, limit: PAGE_SIZE, ...(pageParam && { cursor: pageParam }) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: 30_000,
  });

async function allPages<T>(
  load: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_CANDIDATE_PAGES; page++) {
    const answer = await load(cursor);
    items.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return items;
}

/**
 * Statuses of a record the ERP may not know: never sent, or sent and turned back. A record synced
 * before and then re-sent and rejected has these statuses too, so its ERP id rules it out as well.
 */
const unsyncedStatuses = 'not_sent,rejected,retrieved';

const withNumber = (name: string, number: string | null | undefined) =>
  number ? `${name} — ${number}` : name;

/** The options of a Link picker's query; loose, so one dialog takes the projects' or the vendors'. */
export interface CandidatesQuery {
  queryKey: readonly unknown[];
  queryFn: () => Promise<ComboBoxItem[]>;
  staleTime: number;
}

/** Link's picker for a job: projects the ERP doesn't know yet ("Lincoln Reno — J1002"). */
export const unsyncedProjectsQuery = (api: ApiClient, c: string): CandidatesQuery => ({
  queryKey: mirrorKeys.unsyncedProjects(c),
  queryFn: async (): Promise<ComboBoxItem[]> =>
    (
      await allPages((cursor) =>
        unwrap(
          api.GET('/api/v1/companies/{c}/projects', {
            params: {
              path: { c },
              query: { erpStatus: unsyncedStatuses, limit: PAGE_SIZE, ...(cursor && { cursor }) },
            },
          }),
        ),
      )
    )
      .filter((project) => !project.erp.jobNumber)
      .map((project) => ({ id: project.id, label: withNumber(project.name, project.number) })),
  staleTime: 30_000,
});

/** Link's picker for a vendor: directory vendors the ERP doesn't know yet. */
export const unsyncedVendorsQuery = (api: ApiClient, c: string): CandidatesQuery => ({
  queryKey: mirrorKeys.unsyncedVendors(c),
  queryFn: async (): Promise<ComboBoxItem[]> =>
    (
      await allPages((cursor) =>
        unwrap(
          api.GET('/api/v1/companies/{c}/vendors', {
            params: {
              path: { c },
              query: { erpStatus: unsyncedStatuses, limit: PAGE_SIZE, ...(cursor && { cursor }) },
            },
          }),
        ),
      )
    )
      .filter((vendor) => !vendor.vendorCode && !vendor.erp.vendorCode)
      .map((vendor) => ({ id: vendor.id, label: vendor.name })),
  staleTime: 30_000,
});

type Paged<T> = InfiniteData<{ items: T[]; nextCursor: string | null }, string | null>;

/** The row leaves the list at once (S7: "the row then leaves the list"); the refetch confirms it. */
export function removeMirrorRow<T>(
  queryClient: QueryClient,
  queryKey: readonly unknown[],
  isRow: (row: T) => boolean,
): void {
  queryClient.setQueryData<Paged<T>>(
    queryKey,
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({ ...page, items: page.items.filter((row) => !isRow(row)) })),
      },
  );
  void queryClient.invalidateQueries({ queryKey });
}
