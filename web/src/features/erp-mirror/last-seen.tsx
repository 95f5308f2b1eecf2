import { type DateFormat, formatDate, formatInstant } from '../../format/dates.ts';

/** When the last sync saw the ERP record: the date in the company's zone, the instant on hover. */
export function LastSeen({ iso, dates }: { iso: string; dates: DateFormat }) {
  return (
    <time dateTime={iso} title={formatInstant(iso, dates)}>
      {formatDate(iso, dates)}
    </time>
  );
}
