import Link from 'next/link';

/** Where codes land in development (no SMTP_URL, PROTOCOL.md §8). Opens beside the form. */
export function DevMailboxLink() {
  return (
    <Link
      href="/dev/mailbox"
      target="_blank"
      rel="noopener"
      className="text-xs text-wx-muted hover:text-wx-link hover:underline"
    >
      Dev mailbox
    </Link>
  );
}
