import type { ErpSystem } from './company.ts';

/** A Spectrum connection's settings, stored as they are. */
export interface SpectrumConnectionSettings {
  baseUrl: string;
  companyCode: string;
  /** The job whose phases are the company's standard cost codes and cost types *(our profile)*. */
  standardJob: string;
  /** The company's phase mask, e.g. `##-###`; codes read back are shown with its dashes. */
  phaseMask?: string;
  /** The direct job-cost G/L account new subcontracts are charged to (the connector has a default). */
  glAccount?: string;
  /** The taxable flag of new jobs whose project leaves it blank (no documented read gives a template's). */
  defaultTaxable?: boolean;
  /** Enhanced authentication's client id; its secret is sealed with the Authorization ID. */
  clientId?: string;
}

/** A Spectrum connection's secrets, sealed before storage. */
export interface SpectrumConnectionSecrets {
  authorizationId: string;
  /** Enhanced authentication: with `clientId`, both or neither. */
  clientSecret?: string;
}

/**
 * What the API accepts for a connection; the secret parts are split off and sealed before storage. A
 * secret left out keeps the stored one, so a form never has to show or re-ask for it.
 */
export type ErpConnectionInput =
  | ({ system: 'spectrum' } & SpectrumConnectionSettings & Partial<SpectrumConnectionSecrets>)
  | { system: 'sage300'; jobMask?: string };

export interface ErpConnectionView {
  system: ErpSystem;
  settings: Record<string, string | boolean | number>;
  /** Whether secret settings are stored; their values are never shown. */
  hasCredentials: boolean;
  version: number;
  updatedAt: string;
}

export function splitSecrets(input: ErpConnectionInput): {
  settings: Record<string, string | boolean | number>;
  secrets: Record<string, string>;
} {
  if (input.system === 'spectrum') {
    const { authorizationId, clientSecret, system: _system, ...settings } = input;
    return {
      settings,
      secrets: {
        ...(authorizationId !== undefined && { authorizationId }),
        ...(clientSecret !== undefined && { clientSecret }),
      },
    };
  }
  const { system: _system, ...settings } = input;
  return { settings, secrets: {} };
}
