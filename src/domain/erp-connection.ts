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
    }
  | { system: 'sage300'; jobMask?: string };

export interface ErpConnectionView {
  system: ErpSystem;
  settings: Record<string, string>;
  /** Whether secret settings are stored; their values are never shown. */
  hasCredentials: boolean;
  version: number;
  updatedAt: string;
}

export function splitSecrets(input: ErpConnectionInput): {
  settings: Record<string, string>;
  secrets: Record<string, string>;
} {
  if (input.system === 'spectrum') {
    const { authorizationId, system: _system, ...settings } = input;
    return { settings, secrets: { authorizationId } };
  }
  const { system: _system, ...settings } = input;
  return { settings, secrets: {} };
}
