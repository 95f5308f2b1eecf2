import type { ButtonHTMLAttributes } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

const variants = {
  primary: 'bg-blue-700 text-white hover:bg-blue-800 pressed:bg-blue-900',
  secondary: 'border border-gray-300 bg-white text-gray-900 hover:bg-gray-50 pressed:bg-gray-100',
  danger: 'bg-red-700 text-white hover:bg-red-800 pressed:bg-red-900',
  quiet: 'text-gray-900 hover:bg-gray-100 pressed:bg-gray-200',
} as const;

export interface ButtonProps extends Omit<AriaButtonProps, 'className'> {
  variant?: keyof typeof variants;
  className?: string;
}

const base =
  'inline-flex items-center justify-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 pending:cursor-wait';

/** React Aria's button (press, focus ring, `isPending` announced) in the app's styles. */
export function Button({ variant = 'secondary', className = '', ...props }: ButtonProps) {
  return <AriaButton {...props} className={`${base} ${variants[variant]} ${className}`} />;
}

/**
 * A native button in the same styles, for rows of large virtualised tables: each scroll step mounts a
 * screenful of rows, and React Aria's press and hover hooks per button made that a long task.
 */
export function PlainButton({
  variant = 'secondary',
  className = '',
  ...props
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & { variant?: keyof typeof variants }) {
  return <button type="button" {...props} className={`${base} ${variants[variant]} ${className}`} />;
}
