import type { ErpSystem } from '../db/schema.ts';

/** What the API accepts for a connection; the secret parts are split off and sealed before storage. */
export type ErpConnectionInput =
  | {
      system: 'spectrum';
      baseUrl: string;
      authorizationId: string;
      companyCode: string;
      standardJob: string;
      phaseMask?: string;
      glAccount?: string;
      defaultTaxable?: boolean;
      /** Enhanced authentication: both or neither. */
      clientId?: string;
      clientSecret?: string;
    }
  | { system: 'sage300'; jobMask?: string };

export interface ErpConnectionView {
  system: ErpSystem;
  settings: Record<string, string | boolean>;
  /** Whether secret settings are stored; their values are never shown. */
  hasCredentials: boolean;
  version: number;
  updatedAt: string;
}

export function splitSecrets(input: ErpConnectionInput): {
  settings: Record<string, string | boolean>;
  secrets: Record<string, string>;
} {
  if (input.system === 'spectrum') {
    const { authorizationId, clientSecret, system: _system, ...settings } = input;
    return { settings, secrets: clientSecret ? { authorizationId, clientSecret } : { authorizationId } };
  }
  const { system: _system, ...settings } = input;
  return { settings, secrets: {} };
}
