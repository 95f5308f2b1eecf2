import { copy } from '../../copy.ts';

/** Every action the server audits (`src/workflows`), in the order the filter lists them. */
export const auditActions = [
  'erp_request.sent',
  'erp_request.accepted',
  'erp_request.updated',
  'erp_request.retried',
  'erp_request.attempt_failed',
  'erp_request.failed',
  'erp_request.synced',
  'erp_request.rejected',
  'erp_request.retrieved',
  'project.created',
  'project.updated',
  'project.cost_code_added',
  'budget.lines_replaced',
  'budget.locked',
  'budget.unlocked',
  'budget.imported_from_erp',
  'vendor.created',
  'vendor.updated',
  'commitment.created',
  'commitment.updated',
  'change_order.created',
  'change_order.updated',
  'erp_job.imported',
  'erp_job.linked',
  'erp_job.archived',
  'erp_vendor.imported',
  'erp_vendor.linked',
  'erp_vendor.archived',
  'erp_sync.requested',
  'erp_sync.finished',
  'erp_connection.saved',
  'company.created',
  'company.settings_changed',
  'company.features_changed',
  'membership.created',
  'membership.updated',
  'webhook.created',
  'webhook.deleted',
  'webhook.delivery_replayed',
  'webhook.secret_rotated',
] as const;

const requestSteps = (erp: string): Record<string, string> => ({
  sent: `Sent to ${erp}`,
  waiting: 'Waiting for approval',
  accepted: 'Accepted',
  updated: `Updated in ${erp}`,
  retried: 'Retried',
  attempt_failed: 'Attempt failed',
  failed: copy.failedToExport,
  synced: copy.synced,
  rejected: 'Rejected',
  retrieved: 'Retrieved',
});

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "erp_request.accepted" → "Accepted", "budget.imported_from_erp" → "Budget imported from Spectrum". */
export function actionLabel(action: string, erp: string): string {
  const [area = '', step = ''] = action.split('.', 2);
  if (area === 'erp_request') return requestSteps(erp)[step] ?? sentenceCase(step.replaceAll('_', ' '));
  const areas: Record<string, string> = {
    erp_job: `${erp} job`,
    erp_vendor: `${erp} vendor`,
    erp_sync: 'Sync',
    erp_connection: 'ERP connection',
  };
  const subject = areas[area] ?? sentenceCase(area.replaceAll('_', ' '));
  const what = step.replaceAll('_', ' ').replace(/\berp\b/, erp);
  return what ? `${subject} ${what}` : subject;
}
