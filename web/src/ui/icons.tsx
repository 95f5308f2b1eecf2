import type { SVGProps } from 'react';

/**
 * The app's few icons, inline so they need no request and no icon library (UI.md §7). Decorative:
 * hidden from assistive technology, since a text label always accompanies them.
 */
function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 16 16"
      width="1em"
      height="1em"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

type IconProps = SVGProps<SVGSVGElement>;

export const ClockIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 4.5V8l2.3 1.5" />
  </Icon>
);

export const SpinnerIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M8 1.8a6.2 6.2 0 1 1-6.2 6.2" />
  </Icon>
);

export const ErrorIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="8" r="6.2" />
    <path d="M8 4.6v4M8 11.2v.1" />
  </Icon>
);

export const CheckIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="m3.2 8.4 3 3 6.6-6.8" />
  </Icon>
);

export const ReturnIcon = (props: IconProps) => (
  <Icon {...props}>
    <path d="M6 3.5 2.8 6.7 6 9.9" />
    <path d="M3 6.7h6.5a3.7 3.7 0 0 1 0 7.4H7.5" />
  </Icon>
);

export const DotIcon = (props: IconProps) => (
  <Icon {...props}>
    <circle cx="8" cy="8" r="3" fill="currentColor" />
  </Icon>
);
