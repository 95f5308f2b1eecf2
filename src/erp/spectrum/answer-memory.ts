import { createHash } from 'node:crypto';
import type { SdxRecord } from './soap-codec.ts';

/**
 * The last rows each Get query answered, by a digest of the answer's bytes: a sync reads the same lists
 * again and again, and an answer identical to the last one (most, most of the time) needs no parsing,
 * which is most of a read's cost on our side. One memory serves every connector of a process, so its
 * budget bounds the memory (about 1.7 kB a row) however many companies sync; the rows unused longest go
 * first. Rows are shared between callers: nothing may change them.
 */
export interface AnswerMemory {
  /** The rows of `answer`, answered to `query`: the kept ones if its bytes are the last one's, else `parse()`. */
  read(query: string, answer: Buffer, parse: () => SdxRecord[]): SdxRecord[];
}

/** Rows a process keeps by default: about 85 MB, two or three large companies' whole sync. */
export const defaultRememberedRows = 50_000;

export function createAnswerMemory(budget = defaultRememberedRows): AnswerMemory {
  const kept = new Map<string, { digest: string; records: SdxRecord[] }>();
  let rows = 0;
  return {
    read(query, answer, parse) {
      const digest = createHash('sha1').update(answer).digest('base64');
      const known = kept.get(query);
      kept.delete(query);
      if (known?.digest === digest) {
        kept.set(query, known);
        return known.records;
      }
      if (known) rows -= known.records.length;
      const records = parse();
      if (records.length <= budget) {
        kept.set(query, { digest, records });
        rows += records.length;
        for (const [oldest, entry] of kept) {
          if (rows <= budget) break;
          kept.delete(oldest);
          rows -= entry.records.length;
        }
      }
      return records;
    },
  };
}
