import { useId } from 'react';

export interface SwitchProps {
  children: string;
  isSelected: boolean;
  onChange: (isSelected: boolean) => void;
  isDisabled?: boolean;
}

/**
 * An on/off setting that takes effect at once: a native checkbox with `role="switch"`, drawn as a track
 * and thumb. Native, so the box itself takes the click and keyboard (the thumb lets pointers through).
 */
export function Switch({ children, isSelected, onChange, isDisabled = false }: SwitchProps) {
  const id = useId();
  return (
    <div className="flex items-center gap-3">
      <span className="relative inline-flex">
        <input
          id={id}
          type="checkbox"
          role="switch"
          checked={isSelected}
          aria-checked={isSelected}
          disabled={isDisabled}
          onChange={(event) => onChange(event.target.checked)}
          className="peer h-5 w-9 cursor-pointer appearance-none rounded-full bg-gray-500 transition-colors checked:bg-blue-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50 motion-reduce:transition-none"
        />
        <span
          aria-hidden="true"
          className="pointer-events-none absolute top-0.5 left-0.5 size-4 rounded-full bg-white transition-transform peer-checked:translate-x-4 motion-reduce:transition-none"
        />
      </span>
      <label htmlFor={id} className="text-sm text-gray-900">
        {children}
      </label>
    </div>
  );
}
