import type { Params } from './checks.ts';
import type { PutServiceName } from './records.ts';

/** One Put call that stored its record: which service, with which (non-blank) values. */
export interface SimWrite {
  /** 1, 2, …: the order in which the simulator stored them. */
  seq: number;
  service: PutServiceName;
  /** `added` or `updated` as the service answered, or `information` (an auto-assigned number). */
  outcome: 'added' | 'updated' | 'information';
  /**
   * The values the call sent, as stored (after any cut to the element's Max), blank ones and the header
   * (Authorization_ID, GUID, Company_Code) left out: the record's natural key and the fields it wrote.
   */
  fields: Readonly<Record<string, string>>;
}

const header = new Set(['Authorization_ID', 'GUID', 'Company_Code']);

/**
 * The simulator's log of stored writes, for tests that must prove what an export wrote (and what it did
 * not). In memory and opt-in (`logWrites`): a benchmark or a long-running demo stores millions of records.
 * A refused call, or one the transient fault struck before it ran, is not in it; one struck after it
 * stored its record is (the client saw a fault, the ERP has the record).
 */
export class WriteLog {
  #writes: SimWrite[] = [];
  #seq = 0;

  note(service: PutServiceName, params: Params, outcome: SimWrite['outcome']): void {
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) if (value && !header.has(name)) fields[name] = value;
    this.#writes.push({ seq: ++this.#seq, service, outcome, fields });
  }

  list(): readonly SimWrite[] {
    return [...this.#writes];
  }

  clear(): void {
    this.#writes = [];
  }
}
