import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): unique across nodes, and sortable, so they double as paging cursors. */
export const newId = (): string => v7();
