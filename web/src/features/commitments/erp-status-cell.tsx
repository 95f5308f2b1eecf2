import { StatusBadge } from '../../ui/badge.tsx';
import { useErpFacts } from '../records/request-facts.ts';

export interface ErpStatusCellProps {
  c: string;
  erp: Parameters<typeof useErpFacts>[1];
  /** Show the approver's comment under the badge (the change-order list, UI.md S15). */
  withComment?: boolean;
}

/** A list row's ERP status, told as the record's page tells it (rejections included, via request facts). */
export function ErpStatusCell({ c, erp, withComment = false }: ErpStatusCellProps) {
  // A list row needs no request detail (since when it waits): the status and last outcome suffice.
  const { status, facts } = useErpFacts(c, erp, false);
  const rejection = withComment ? facts?.rejection : undefined;
  return (
    <div>
      <StatusBadge status={status} />
      {rejection && (
        <p className="mt-1 text-sm text-yellow-950">
          Rejected by {rejection.by}
          {rejection.comment ? `: “${rejection.comment}”` : ''}
        </p>
      )}
    </div>
  );
}
