import { Dialog } from '../../ui/dialog.tsx';

/** The queue table's keys (UI.md §6), as "?" lists them; the action keys only for approvers. */
export function queueShortcuts(canAct: boolean): [keys: string, does: string][] {
  return [
    ['↑ ↓', 'Move between items'],
    ['Page Up, Page Down, Home, End', 'Move by a page, to the first or the last item'],
    ['Enter', 'Open the item'],
    ['→, Esc', "Enter the item's buttons, and back to the item"],
    ...(canAct
      ? ([
          ['Space', 'Select or deselect the item'],
          ['A', 'Accept, or Update'],
          ['R', 'Reject'],
          ['V', 'View Requested Updates'],
          ['T', 'Retry'],
        ] as [string, string][])
      : []),
    ['?', 'List these keys'],
  ];
}

/** What `aria-keyshortcuts` names on a queue row: moving, opening, "?" and the row's own actions. */
export function rowKeyShortcuts(actionKeys: readonly string[], canAct: boolean): string {
  return ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Enter', 'ArrowRight', '?']
    .concat(canAct ? ['Space', ...actionKeys] : [])
    .join(' ');
}

/** "?" in the queue table: the keys it takes, in a dialog (focus returns to the row on close). */
export function ShortcutsDialog({ canAct, onClose }: { canAct: boolean; onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" isOpen onClose={onClose}>
      <p className="mb-3 text-sm text-gray-700">They work while an item of the table has focus.</p>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {queueShortcuts(canAct).map(([keys, does]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-gray-300 bg-gray-50 px-1.5 font-mono text-xs">{keys}</kbd>
            </dt>
            <dd>{does}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
