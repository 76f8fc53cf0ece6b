/** A user's avatar on a coloured square (WeChat's rounded corners): their avatar text when it is
 *  a character or two (an emoji), else their name's initial. The colour is picked from `seed` (a
 *  uid), so one person keeps one colour everywhere. Longer avatar values are reserved for media
 *  URLs, and show the initial until then. Always rendered as text, never as markup. */
const PALETTE = [
  '#07c160',
  '#10aeff',
  '#fa9d3b',
  '#6467f0',
  '#fa5151',
  '#1485ee',
  '#15bd9a',
  '#c87d2f',
  '#91d300',
  '#b37feb',
] as const;

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export function initials(name: string): string {
  const chars = Array.from(name.trim());
  const first = chars[0] ?? '?';
  // CJK names read best with one character; Latin ones with one letter too, upper-cased.
  return first.toUpperCase();
}

const AVATAR_TEXT_MAX = 2;

/** The avatar value to show as text, or null (empty, or longer than a character or two). */
export function avatarText(avatar: string | undefined): string | null {
  const a = avatar?.trim() ?? '';
  return a && Array.from(a).length <= AVATAR_TEXT_MAX ? a : null;
}

export function Avatar({
  name,
  seed,
  size = 36,
  avatar,
}: {
  name: string;
  seed?: string;
  size?: number;
  avatar?: string | undefined;
}) {
  const colour = PALETTE[hash(seed ?? name) % PALETTE.length];
  return (
    <span
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * 0.45),
        backgroundColor: colour,
      }}
      className="inline-flex shrink-0 items-center justify-center rounded-[4px] font-medium text-wx-on-fill select-none"
    >
      {avatarText(avatar) ?? initials(name)}
    </span>
  );
}
