/**
 * Conversation ids (Parley's, PROTOCOL.md §2 leaves them opaque): a direct conversation is
 * `d_<lower uid>_<higher uid>`, so "find or create" needs no lookup and either side can name it;
 * a group's is `g_<groupId>`. Servers mint them here and clients read them here: one rule.
 */

/** The direct conversation of two users (numeric uids), whichever way round they are given. */
export function directConversationId(a: number | string, b: number | string): string {
  const x = Number(a);
  const y = Number(b);
  return x < y ? `d_${String(x)}_${String(y)}` : `d_${String(y)}_${String(x)}`;
}

const DIRECT = /^d_(\d+)_(\d+)$/;

/** The two members of a direct conversation id, lower first; null for any other id. */
export function directMembers(conversationId: string): [string, string] | null {
  const m = DIRECT.exec(conversationId);
  return m ? [m[1]!, m[2]!] : null;
}

/** The other member of a direct conversation, seen from `self`; undefined for groups. */
export function directPeer(conversationId: string, self: number | string): string | undefined {
  const pair = directMembers(conversationId);
  if (!pair) return undefined;
  return pair[0] === String(self) ? pair[1] : pair[0];
}

/** A group's conversation id. */
export const groupConversationId = (groupId: string): string => `g_${groupId}`;
