import type { Migration } from 'kysely';
import type { Capabilities } from '../capabilities.ts';
import { foundation } from './0001_foundation.ts';

/** Every migration in order. A migration is a function of the capabilities so column types match. */
export function migrations(caps: Capabilities): Record<string, Migration> {
  return {
    '0001_foundation': foundation(caps),
  };
}
