/** The queue's URL: the API's own filters (UI.md ground rules); kept apart so the router loads no screen. */
export interface QueueSearch {
  kind?: string;
  status?: string;
  q?: string;
}

export function validateQueueSearch(search: Record<string, unknown>): QueueSearch {
  const out: QueueSearch = {};
  for (const key of ['kind', 'status', 'q'] as const) {
    const value = search[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return out;
}
