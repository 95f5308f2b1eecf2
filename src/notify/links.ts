/** Which record a link points at; the workflows' SubjectRef (what a send is about) is this type. */
export type RecordRef =
  | { kind: 'project' | 'cost_codes' | 'budget'; companyId: string; projectId: string }
  | { kind: 'vendor'; companyId: string; vendorId: string }
  | { kind: 'commitment'; companyId: string; projectId: string; commitmentId: string }
  | {
      kind: 'change_order';
      companyId: string;
      projectId: string;
      commitmentId: string;
      changeOrderId: string;
    };

/**
 * Links in emails: the web app's pages under PUBLIC_URL. A record's page has the path of the record in
 * the API without `/api/v1` (e.g. `/companies/{c}/projects/{p}/budget`).
 */
export function recordPath(ref: RecordRef): string {
  const company = `/companies/${ref.companyId}`;
  switch (ref.kind) {
    case 'project':
      return `${company}/projects/${ref.projectId}`;
    case 'cost_codes':
      return `${company}/projects/${ref.projectId}/cost-codes`;
    case 'budget':
      return `${company}/projects/${ref.projectId}/budget`;
    case 'vendor':
      return `${company}/vendors/${ref.vendorId}`;
    case 'commitment':
      return `${company}/projects/${ref.projectId}/commitments/${ref.commitmentId}`;
    case 'change_order':
      return `${company}/projects/${ref.projectId}/commitments/${ref.commitmentId}/change-orders/${ref.changeOrderId}`;
  }
}

/** A request in the ERP Integrations queue. */
export const requestPath = (companyId: string, requestId: string): string =>
  `/companies/${companyId}/erp/requests/${requestId}`;

/** The ERP Integrations queue, optionally filtered by kind. */
export const queuePath = (companyId: string, kind?: string): string =>
  `/companies/${companyId}/erp/requests${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`;
