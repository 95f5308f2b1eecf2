import { Button } from './button.tsx';

/** A failed load: the problem's `detail` as the server wrote it, and a way to try again (UI.md §3). */
export function ErrorState({ detail, onRetry }: { detail: string; onRetry: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <p>{detail}</p>
      <Button className="mt-3" onPress={onRetry}>
        Try again
      </Button>
    </div>
  );
}
