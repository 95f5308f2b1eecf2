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

/** React Aria's button (press, focus ring, `isPending` announced) in the app's styles. */
export function Button({ variant = 'secondary', className = '', ...props }: ButtonProps) {
  return (
    <AriaButton
      {...props}
      className={`inline-flex items-center justify-center gap-2 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50 pending:cursor-wait ${variants[variant]} ${className}`}
    />
  );
}
