import type { Metadata } from 'next';
import { Mailbox } from '@/components/Mailbox';

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false } };

export default function MailboxPage() {
  return <Mailbox />;
}
