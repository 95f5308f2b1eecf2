import { describe, expect, it } from 'vitest';
import { erpName, erpStatuses, statusLabels } from './erp.ts';

describe('ERP vocabulary', () => {
  it('names each ERP as the seed does', () => {
    expect(erpName('spectrum')).toBe('Spectrum');
    expect(erpName('sage300')).toBe('Sage 300 CRE');
  });

  it('labels every status of the API and of unsent records', () => {
    expect(erpStatuses).toEqual([
      'not_sent',
      'ready_to_export',
      'ready_to_update',
      'exporting',
      'failed',
      'synced',
      'rejected',
      'retrieved',
    ]);
    expect(statusLabels.failed).toBe('Failed to Export');
  });
});
