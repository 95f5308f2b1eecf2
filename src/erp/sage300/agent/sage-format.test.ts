import { describe, expect, it } from 'vitest';
import { formatKeyValue, naturalKey, readCompanyFormat } from './sage-format.ts';

const section = (FLDCODE: number, Section: number, CSLEN: number, CNPUNCT: string, CNTCAP = 'N') => ({
  FLDCODE,
  Section,
  CSLEN,
  CNDESC: '',
  CNPUNCT,
  CNTCAP,
});

const company = readCompanyFormat([
  section(6, 1, 10, '', 'Y'),
  section(16, 2, 4, '', 'Y'),
  section(16, 1, 2, '-'),
  section(18, 1, 2, '-'),
  section(18, 2, 3, ''),
  section(20, 1, 12, '', 'Y'),
]);

describe('the company format', () => {
  it('reads the masks and the commitment id length from TS_CTL_RECORD_3', () => {
    expect(company.format).toEqual({ jobMask: 'XX-XXXX', costCodeMask: 'XX-XXX', commitmentIdLength: 12 });
  });

  it('punctuates keys sent without punctuation and upper-cases sections and ids flagged for capitals', () => {
    expect(formatKeyValue(company, 'Job', '24100a')).toBe('24-100A');
    expect(formatKeyValue(company, 'Job', '24-100a')).toBe('24-100A');
    expect(formatKeyValue(company, 'Cost_Code', '03300')).toBe('03-300');
    expect(formatKeyValue(company, 'Vendor', 'acme')).toBe('ACME');
    expect(formatKeyValue(company, 'Commitment', 'sc-100')).toBe('SC-100');
  });

  it('leaves values Sage would refuse as they are', () => {
    expect(formatKeyValue(company, 'Job', '2410')).toBe('2410');
    expect(formatKeyValue(company, 'Job', '241-001')).toBe('241-001');
    expect(formatKeyValue(company, 'Cost_Code', '033')).toBe('033');
  });

  it('takes a missing key column as none, and knows no key for an unknown table', () => {
    expect(naturalKey(company, 'JCM_MASTER__COST_CODE', { Job: '241001', Cost_Code: '03300' })).toEqual({
      Job: '24-1001',
      Extra: '',
      Cost_Code: '03-300',
    });
    expect(naturalKey(company, 'NO_SUCH_TABLE', {})).toBeUndefined();
  });
});
