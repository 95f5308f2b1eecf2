/**
 * Fault injection (sage300-simulator.md, Interfaces): the environment of a Sage server an agent must
 * survive, switched at will. Every decision draws from the injected `random`, so tests can script it.
 */
export interface Sage300Faults {
  /** Delay before every call of the Sage interfaces is handled. */
  latencyMs?: number;
  /** The backup lock: writes answer 423, `GET /company` says not writable. */
  lock?: boolean;
  /** Fraction (0–1, `true` = 1) of calls whose socket is destroyed without an answer. */
  dropConnections?: number | boolean;
  /** A write is committed and answered only after this long, whether the caller still waits or not. */
  slowCommitMs?: number;
  /** A written row stays invisible to `GET /tables` for this long (CreateOnly still sees it). */
  readLagMs?: number;
  /** Fraction (0–1) of reads and writes answered 503 before anything is written. */
  transientRate?: number;
}

export type ActiveFaults = Required<Omit<Sage300Faults, 'dropConnections'>> & { dropConnections: number };

const allOff: ActiveFaults = {
  latencyMs: 0,
  lock: false,
  dropConnections: 0,
  slowCommitMs: 0,
  readLagMs: 0,
  transientRate: 0,
};

export class FaultSwitches {
  #faults: ActiveFaults = { ...allOff };

  constructor(private readonly random: () => number) {}

  get current(): ActiveFaults {
    return { ...this.#faults };
  }

  /** Sets every switch: those left out are off. Throws a TypeError naming a bad switch. */
  set(faults: unknown): void {
    this.#faults = { ...allOff, ...checkFaults(faults) };
  }

  drops(): boolean {
    return this.#draw(this.#faults.dropConnections);
  }

  transient(): boolean {
    return this.#draw(this.#faults.transientRate);
  }

  #draw(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }
}

/** Validates switches from a caller (the HTTP body is untrusted JSON). */
function checkFaults(input: unknown): Partial<ActiveFaults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new TypeError('faults must be a JSON object');
  }
  const faults: Partial<ActiveFaults> = {};
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue;
    switch (name) {
      case 'latencyMs':
      case 'slowCommitMs':
      case 'readLagMs':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new TypeError(`${name} must be a number of milliseconds`);
        }
        faults[name] = value;
        break;
      case 'lock':
        if (typeof value !== 'boolean') throw new TypeError('lock must be true or false');
        faults.lock = value;
        break;
      case 'dropConnections':
      case 'transientRate': {
        const rate = value === true ? 1 : value === false ? 0 : value;
        if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
          throw new TypeError(`${name} must be from 0 to 1`);
        faults[name] = rate;
        break;
      }
      default:
        throw new TypeError(`unknown fault switch ${name}`);
    }
  }
  return faults;
}
