import { useQuery } from '@tanstack/react-query';
import { useId, useMemo } from 'react';
import { type ProblemError, useApi } from '../../api/client.ts';
import { costTypesQuery, standardCostCodesQuery } from '../../api/queries.ts';
import type { MoneyFormat } from '../../format/money.ts';
import { LineGrid, type LineGridColumn, lineErrorsFrom } from '../../ui/line-grid.tsx';
import { type CostLine, lineMessage } from './cost-lines.ts';

const amountOf = (line: CostLine) => line.amount;
const blankLine = (): CostLine => ({ costCode: '', costType: '', amount: '', description: null });

export interface CostLinesFieldProps {
  c: string;
  /** "Commitment lines" / "Change order lines": the grid's accessible name. */
  caption: string;
  lines: readonly CostLine[];
  onChange: (lines: CostLine[]) => void;
  editable: boolean;
  /** The server's findings about lines from the last save (`lines[3].amount`, `lines`). */
  errors: readonly ProblemError[];
  money: MoneyFormat;
}

/**
 * The lines of a commitment or change order in the LineGrid: cost code and cost type from the company's
 * standard lists (the server checks them; the send checks the project has them in the ERP), description,
 * amount; the total below the grid.
 */
export function CostLinesField({
  c,
  caption,
  lines,
  onChange,
  editable,
  errors,
  money,
}: CostLinesFieldProps) {
  const api = useApi();
  const codes = useQuery(standardCostCodesQuery(api, c)).data?.items;
  const types = useQuery(costTypesQuery(api, c)).data?.items;
  const columns = useMemo((): LineGridColumn<CostLine>[] => {
    const codeOptions = (codes ?? []).map((x) => ({ value: x.code, label: `${x.code} ${x.description}` }));
    const typeOptions = (types ?? []).map((x) => ({ value: x.code, label: `${x.code} ${x.description}` }));
    return [
      {
        id: 'costCode',
        header: 'Cost code',
        kind: 'select',
        width: '14rem',
        value: (l) => l.costCode,
        set: (l, costCode) => ({ ...l, costCode }),
        options: () => codeOptions,
      },
      {
        id: 'costType',
        header: 'Cost type',
        kind: 'select',
        width: '10rem',
        value: (l) => l.costType,
        set: (l, costType) => ({ ...l, costType }),
        options: () => typeOptions,
      },
      {
        id: 'description',
        header: 'Description',
        kind: 'text',
        maxLength: 200,
        value: (l) => l.description ?? '',
        set: (l, description) => ({ ...l, description: description === '' ? null : description }),
      },
      {
        id: 'amount',
        header: 'Amount',
        kind: 'money',
        width: '10rem',
        value: amountOf,
        set: (l, amount) => ({ ...l, amount }),
      },
    ];
  }, [codes, types]);
  const gridErrors = useMemo(() => lineErrorsFrom(errors), [errors]);
  const headingId = useId();

  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-base font-semibold">
        Lines
      </h2>
      {lines.length === 0 && editable && (
        <p className="text-sm text-gray-700">
          No lines yet. Add line, then give each a cost code, a cost type and an amount.
        </p>
      )}
      {errors.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-red-800">
          {errors.map((error) => (
            <li key={`${error.path}:${error.message}`}>{lineMessage(error)}</li>
          ))}
        </ul>
      )}
      <LineGrid
        caption={caption}
        captionHidden
        columns={columns}
        lines={lines}
        onChange={onChange}
        amount={amountOf}
        newLine={blankLine}
        readOnly={!editable}
        money={money}
        errors={gridErrors}
        height={`min(65vh, ${(Math.max(lines.length, 3) + 1) * 36 + 2}px)`}
      />
    </section>
  );
}
