/** Two speech bubbles on a green tile — the app mark (same drawing as app/icon.svg). */
export function Logo({ size = 56 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect width="64" height="64" rx="14" fill="#07c160" />
      <path
        d="M27 15c-9.4 0-17 6.2-17 13.9 0 4.4 2.5 8.3 6.4 10.9l-1.6 4.9 5.7-2.9c2 .6 4.2.9 6.5.9h.9a11.7 11.7 0 0 1-.5-3.3c0-7.6 7.4-13.7 16.5-13.7h.9C43.4 19.9 36 15 27 15z"
        fill="#fff"
      />
      <path
        d="M54 37.1c0-6.4-6.3-11.6-14-11.6S26 30.7 26 37.1s6.3 11.6 14 11.6c1.8 0 3.6-.3 5.2-.8l4.6 2.4-1.3-4c3.4-2.1 5.5-5.4 5.5-9.2z"
        fill="#fff"
      />
    </svg>
  );
}
