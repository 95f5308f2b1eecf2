import type { Capabilities } from '../capabilities.ts';

export const sqliteCapabilities: Capabilities = {
  dialect: 'sqlite',
  types: { timestamp: 'text', json: 'text', bigint: 'integer' },
  rowsAsArrays: false,
  rowLocks: false,
  isUniqueViolation: (error) =>
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
};
