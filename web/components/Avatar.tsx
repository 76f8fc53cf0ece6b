/** Placeholder avatar: the first letter of the name on a green tile (WeChat's square corners). */
export function Avatar({ name, size = 36 }: { name: string; size?: number }) {
  const letter = (Array.from(name.trim())[0] ?? '?').toUpperCase();
  return (
    <span
      aria-hidden="true"
      style={{ width: size, height: size, fontSize: Math.round(size * 0.45) }}
      className="inline-flex shrink-0 items-center justify-center rounded-md bg-wx-green font-medium text-white select-none"
    >
      {letter}
    </span>
  );
}
