/**
 * The seed's terms, in their exact Title Case (UI.md §6, copy rule 1). Screens take them from here so a
 * term reads the same on every button, heading and email link; everything else is sentence case.
 */
export const copy = {
  erpIntegrations: 'ERP Integrations',
  readyToExport: 'Ready to Export',
  readyToUpdate: 'Ready to Update',
  failedToExport: 'Failed to Export',
  synced: 'Synced',
  accept: 'Accept',
  reject: 'Reject',
  update: 'Update',
  export: 'Export',
  retry: 'Retry',
  sendToErp: 'Send to ERP',
  resendToErp: 'Re-send to ERP',
  retrieveFromErp: 'Retrieve from ERP',
  viewRequestedUpdates: 'View Requested Updates',
  costCodesForUpdate: 'Cost Codes for Update',
  selectAJobTemplate: 'Select a Job Template',
  enterAComment: 'Enter a Comment',
  lockBudget: 'Lock Budget',
  unlockBudget: 'Unlock Budget',
  importFromErp: 'Import from ERP',
  canPushToAccounting: 'Can Push to Accounting',
  erpIntegrationsDailySummary: 'ERP Integrations Daily Summary',
  jobsOnlyIn: (erp: string) => `Jobs only in ${erp}`,
  vendorsOnlyIn: (erp: string) => `Vendors only in ${erp}`,
} as const;
