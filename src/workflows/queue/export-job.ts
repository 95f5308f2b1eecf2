/**
 * The export job: one per accepted request, queued in the transaction that accepts it.
 *
 * Interruptions: the queue counts a run as an attempt when it starts, so without an allowance a few
 * worker crashes (kill, lost host) during one export would use up the retries its ERP faults are owed,
 * and a crash during the job's last attempt would leave the job dead and the request `exporting` for
 * ever. The job may be claimed `exportAttempts + exportInterruptions` times; a run that finds
 * `exportInterruptions` runs cut short before it fails the request instead, so an export that takes its
 * worker down every time ends `failed` (and can be retried) rather than crash-looping the workers.
 */
export const exportJobKind = 'erp.export';

/** ERP faults (transient) one export may meet, each retried after the queue's backoff, before it fails. */
export const exportAttempts = 10;
/** Runs of one export that a dying worker may cut short, on top of those (see the header). */
export const exportInterruptions = 20;
export const exportJobMaxAttempts = exportAttempts + exportInterruptions;

export interface ExportJob {
  requestId: string;
  /** The request version the job was queued for: a job of an older version is stale and does nothing. */
  version: number;
}
