/**
 * Fault injection (ERP.md §2, §4; brief §4): the production behaviours a Spectrum client must survive, switched on
 * at will. Every decision draws from the injected `random`, so tests can script exactly which call fails.
 */

export interface SpectrumFaults {
  /** Fraction (0–1) of SOAP calls answered with HTTP 500 `SOAP-ENV:Server` "Error executing Web Service". */
  transientRate?: number;
  /**
   * Fraction (0–1) of Get answers that lose everything after their last `</response>`: every row
   * complete, the closing tags of the wrapper, returnData … Envelope gone.
   */
  truncateRate?: number;
  /** 0 (off) or N: a Get answers at most N rows, then one `W` row "Maximum rows exceeded". */
  maxRows?: number;
  /** Delay before every ERP request is handled. */
  latencyMs?: number;
  /** While true, every ERP request's connection is dropped without an answer. */
  outage?: boolean;
  /** How long a GUID may stay idle before its next call answers `Time out has occurred`. */
  guidTimeoutMs?: number;
}

export type ActiveFaults = Required<SpectrumFaults>;

/** Where a transient fault strikes a call: not at all, before it runs, or after a Put has stored its record. */
type TransientFault = 'none' | 'before' | 'after-commit';

export class FaultSwitches {
  #faults: ActiveFaults;

  constructor(
    private readonly random: () => number,
    guidTimeoutMs: number,
  ) {
    this.#faults = {
      transientRate: 0,
      truncateRate: 0,
      maxRows: 0,
      latencyMs: 0,
      outage: false,
      guidTimeoutMs,
    };
  }

  get current(): ActiveFaults {
    return { ...this.#faults };
  }

  /** Merges the given switches into the current ones; the others keep their values. */
  set(faults: SpectrumFaults): void {
    this.#faults = { ...this.#faults, ...checkFaults(faults) };
  }

  transient(service: 'get' | 'put'): TransientFault {
    if (!this.#draw(this.#faults.transientRate)) return 'none';
    // A timeout after the commit is what makes re-sending dangerous: half the Put faults happen there.
    return service === 'put' && this.random() < 0.5 ? 'after-commit' : 'before';
  }

  /** Whether this Get answer is cut after its last `</response>`. */
  truncates(): boolean {
    return this.#draw(this.#faults.truncateRate);
  }

  #draw(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }
}

/** Validates switches from a caller (the HTTP body is untrusted JSON); throws with the offending name. */
function checkFaults(input: unknown): SpectrumFaults {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('faults must be a JSON object');
  }
  const faults: SpectrumFaults = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    switch (name) {
      case 'transientRate':
      case 'truncateRate':
        if (typeof value !== 'number' || !(value >= 0 && value <= 1))
          throw new TypeError(`${name} must be from 0 to 1`);
        faults[name] = value;
        break;
      case 'maxRows':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          throw new TypeError('maxRows must be a whole number, 0 for no limit');
        }
        faults.maxRows = value;
        break;
      case 'latencyMs':
      case 'guidTimeoutMs':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new TypeError(`${name} must be a number of milliseconds`);
        }
        faults[name] = value;
        break;
      case 'outage':
        if (typeof value !== 'boolean') throw new TypeError('outage must be true or false');
        faults.outage = value;
        break;
      default:
        throw new TypeError(`unknown fault switch ${name}`);
    }
  }
  return faults;
}
