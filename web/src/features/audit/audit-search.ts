/** S17's filters, kept in the URL in the API's own terms, so a record links to its own audit trail. */
export interface AuditSearch {
  subjectType?: string;
  subjectId?: string;
  action?: string;
}

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  for (const key of ['subjectType', 'subjectId', 'action'] as const) {
    const value = search[key];
    if (typeof value === 'string' && value) out[key] = value;
  }
  return out;
}
