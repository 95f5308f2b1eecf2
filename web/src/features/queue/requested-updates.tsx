import { copy } from '../../copy.ts';
import { formatMoney, fromCents, type MoneyFormat, toCents } from '../../format/money.ts';
import { Dialog } from '../../ui/dialog.tsx';
import type { RequestDetail } from './queue-queries.ts';
import {
  budgetLineUpdates,
  type CostCodeUpdate,
  costCodeUpdates,
  showValue,
  vendorFieldUpdates,
} from './request-shapes.ts';

const th = 'border-b border-gray-200 px-2 py-1.5 text-left font-medium';
const td = 'border-b border-gray-100 px-2 py-1.5 align-top';

/**
 * Cost Codes for Update (S3, the seed's window): read-only. Each cost type is a disabled checkbox,
 * "L — In {ERP}" for the types the ERP has (`erpCostTypes`), "M — New" for this request's; a code the
 * ERP has keeps the ERP's description (`erpDescription`, A12).
 */
export function CostCodesForUpdate({ costCodes, erp }: { costCodes: CostCodeUpdate[]; erp: string }) {
  return (
    <div>
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{copy.costCodesForUpdate}</caption>
        <thead>
          <tr>
            <th scope="col" className={th}>
              Cost code
            </th>
            <th scope="col" className={th}>
              Description
            </th>
            <th scope="col" className={th}>
              Cost types
            </th>
          </tr>
        </thead>
        <tbody>
          {costCodes.map((c) => {
            const inErp = (c.erpCostTypes ?? []).filter((t) => !c.costTypes.includes(t));
            return (
              <tr key={c.code}>
                <td className={td}>{c.code}</td>
                <td className={td}>
                  {c.codeInErp
                    ? `${erp} keeps its description${c.erpDescription ? `: ${c.erpDescription}` : ''}`
                    : c.description}
                </td>
                <td className={td}>
                  <div className="flex flex-wrap gap-3">
                    {inErp.map((t) => (
                      <label key={`in-${t}`} className="inline-flex items-center gap-1 text-gray-700">
                        <input type="checkbox" checked disabled readOnly />
                        {t} — In {erp}
                      </label>
                    ))}
                    {c.costTypes.map((t) => (
                      <label key={`new-${t}`} className="inline-flex items-center gap-1 text-gray-700">
                        <input type="checkbox" checked disabled readOnly />
                        {t} — New
                      </label>
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-3 text-sm text-gray-700">
        Nothing can be changed here. Cost types already in {erp} stay and the new ones are added. Descriptions
        already in {erp} are never overwritten.
      </p>
    </div>
  );
}

/** Budget lines for update: Cost code · Cost type · Before · After · Change (blank for new or removed). */
export function BudgetLinesForUpdate({ request, money }: { request: RequestDetail; money?: MoneyFormat }) {
  const lines = budgetLineUpdates(request);
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">Budget lines for update</caption>
      <thead>
        <tr>
          {['Cost code', 'Cost type', 'Before', 'After', 'Change'].map((h) => (
            <th key={h} scope="col" className={th}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={`${l.costCode}/${l.costType}`}>
            <td className={td}>{l.costCode}</td>
            <td className={td}>{l.costType}</td>
            <td className={`${td} text-right tabular-nums`}>
              {l.before === null ? '' : formatMoney(l.before, money)}
            </td>
            <td className={`${td} text-right tabular-nums`}>
              {l.after === null ? '' : formatMoney(l.after, money)}
            </td>
            <td className={`${td} text-right tabular-nums`}>
              {l.before !== null && l.after !== null
                ? formatMoney(fromCents(toCents(l.after) - toCents(l.before)), money)
                : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Vendor fields for update: Field · Before · After. */
export function VendorFieldsForUpdate({ request }: { request: RequestDetail }) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">Vendor fields for update</caption>
      <thead>
        <tr>
          {['Field', 'Before', 'After'].map((h) => (
            <th key={h} scope="col" className={th}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {vendorFieldUpdates(request).map((f) => (
          <tr key={f.field}>
            <td className={td}>{f.field}</td>
            <td className={td}>{showValue(f.before)}</td>
            <td className={td}>{showValue(f.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** View Requested Updates (S3): read-only, one button, close (×). */
export function RequestedUpdatesDialog({
  request,
  erp,
  money,
  onClose,
}: {
  request: RequestDetail;
  erp: string;
  money?: MoneyFormat;
  onClose: () => void;
}) {
  const title =
    request.kind === 'cost_codes'
      ? copy.costCodesForUpdate
      : request.kind === 'budget'
        ? 'Budget lines for update'
        : request.kind === 'vendor'
          ? 'Vendor fields for update'
          : copy.viewRequestedUpdates;
  return (
    <Dialog title={title} isOpen onClose={onClose} wide>
      <div className="max-h-[60vh] overflow-auto">
        {request.kind === 'cost_codes' && (
          <CostCodesForUpdate costCodes={costCodeUpdates(request)} erp={erp} />
        )}
        {request.kind === 'budget' && <BudgetLinesForUpdate request={request} {...(money && { money })} />}
        {request.kind === 'vendor' && <VendorFieldsForUpdate request={request} />}
      </div>
    </Dialog>
  );
}
