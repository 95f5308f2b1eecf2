import type { Capabilities } from '../capabilities.ts';

export const postgresCapabilities: Capabilities = {
  dialect: 'postgres',
  types: { timestamp: 'timestamptz', json: 'jsonb', bigint: 'bigint' },
  rowsAsArrays: true,
  rowLocks: true,
  isUniqueViolation: (error) =>
    typeof error === 'object' && error !== null && 'code' in error && error.code === '23505',
};
