import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger';

const VARIANTS: Record<Variant, string> = {
  primary: 'bg-wx-accent text-wx-on-fill hover:bg-wx-accent-hover disabled:bg-wx-accent-disabled',
  secondary:
    'bg-wx-bg text-wx-text border border-wx-line hover:bg-wx-card-hover disabled:text-wx-faint',
  danger:
    'bg-wx-bg text-wx-danger border border-wx-line hover:bg-wx-card-hover disabled:opacity-60',
};

/** WeChat-style flat button. Full width by default for forms; pass `wide={false}` inline. */
export function Button({
  variant = 'primary',
  wide = true,
  className = '',
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; wide?: boolean }) {
  return (
    <button
      type={type}
      className={`${wide ? 'w-full' : ''} h-11 rounded-md px-4 text-[15px] font-medium transition-colors disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
      {...rest}
    />
  );
}
