/** The filters of the projects and vendors lists (A14), kept in the URL in the API's own terms. */
export interface RecordListSearch {
  q?: string;
  erpStatus?: string;
  active?: boolean;
}

export function validateRecordListSearch(search: Record<string, unknown>): RecordListSearch {
  const out: RecordListSearch = {};
  if (typeof search.q === 'string' && search.q) out.q = search.q;
  if (typeof search.erpStatus === 'string' && search.erpStatus) out.erpStatus = search.erpStatus;
  if (search.active === true || search.active === 'true') out.active = true;
  if (search.active === false || search.active === 'false') out.active = false;
  return out;
}
