/**
 * The HTTP half of the contract (PROTOCOL.md §7 and the README's contract additions): the field
 * rules for sign-up, the request and response bodies of GateServer's routes, and the media id.
 * GateServer validates requests with these schemas; the web app validates the same fields in its
 * forms (before a round trip) and every success body it gets back. One definition, so the two
 * sides cannot drift.
 */
import { z } from 'zod';
import { Millis, UserCard, WireId } from './shapes';

// ---- field rules ----------------------------------------------------------------------------

export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
/** Loose on purpose: the code sent to it is the real check. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Usernames start with a letter, so they never collide with numeric uids in SEARCH_USER. */
export const USERNAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{2,31}$/;
/** §7: codes are 6 digits. */
export const CODE_PATTERN = /^\d{6}$/;
/** GateServer's media ids: 128 random bits, base64url (22 characters), unguessable and URL-safe. */
export const MEDIA_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const isMediaId = (s: string): boolean => MEDIA_ID_PATTERN.test(s);

/** Stored lower-case, so SQLite and MariaDB agree on uniqueness. */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX)
  .regex(EMAIL_PATTERN, 'email is not valid');
export const Username = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, 'username: 3-32 letters, digits or _, starting with a letter');
export const Password = z
  .string()
  .min(PASSWORD_MIN, `password: at least ${String(PASSWORD_MIN)} characters`)
  .max(PASSWORD_MAX, `password: at most ${String(PASSWORD_MAX)} characters`);
export const VerifyCode = z.string().trim().regex(CODE_PATTERN, 'code: six digits');
export const CodePurpose = z.enum(['register', 'reset']);
export type CodePurpose = z.infer<typeof CodePurpose>;

// ---- requests (§7) --------------------------------------------------------------------------

export const CodeBody = z.object({ email: Email, purpose: CodePurpose });
export const RegisterBody = z.object({
  email: Email,
  code: VerifyCode,
  username: Username,
  password: Password,
});
export const LoginBody = z.object({
  account: z.string().trim().min(1).max(EMAIL_MAX),
  password: z.string().min(1).max(PASSWORD_MAX),
});
export const ResetBody = z.object({ email: Email, code: VerifyCode, password: Password });
export type CodeBody = z.infer<typeof CodeBody>;
export type RegisterBody = z.infer<typeof RegisterBody>;
export type LoginBody = z.infer<typeof LoginBody>;
export type ResetBody = z.infer<typeof ResetBody>;

// ---- responses (§7; success bodies, `error: 0`) ---------------------------------------------

const ok = <S extends z.ZodRawShape>(shape: S) => z.object({ error: z.literal(0), ...shape });

/** Where a client's chat connection goes (§7 login, and `/auth/assign`). */
export const ChatAssignment = z.object({
  server: z.string().min(1),
  host: z.string().min(1),
  port: z.int().min(1).max(65_535),
});
export type ChatAssignment = z.infer<typeof ChatAssignment>;

export const OkResponse = ok({});
export const AuthRegisterResponse = ok({ uid: WireId, username: z.string() });
/** `user` is Parley's addition: the card, so a client can draw itself before LOGIN. */
export const AuthLoginResponse = ok({
  uid: WireId,
  token: z.string().min(1),
  expiresAt: Millis,
  chat: ChatAssignment,
  user: UserCard,
});
export const AuthAssignResponse = ok({ chat: ChatAssignment });
/** Signed URLs (a Parley addition): `url` always, `thumbUrl` for images. */
export const SignedUrls = z.object({
  url: z.string().min(1),
  thumbUrl: z.string().min(1).optional(),
  expiresAt: Millis,
});
export const SignedUrlResponse = ok(SignedUrls.shape);
/** `POST /media` → 201: the §2 media fields, plus signed URLs for the uploader's own preview. */
export const MediaUploadResponse = ok({
  mediaId: z.string().regex(MEDIA_ID_PATTERN),
  url: z.string().min(1),
  name: z.string(),
  mime: z.string().min(1),
  size: z.int().min(0),
  signedUrl: z.string().min(1),
  thumbUrl: z.string().min(1).optional(),
  expiresAt: Millis,
});
export type OkResponse = z.infer<typeof OkResponse>;
export type AuthRegisterResponse = z.infer<typeof AuthRegisterResponse>;
export type AuthLoginResponse = z.infer<typeof AuthLoginResponse>;
export type AuthAssignResponse = z.infer<typeof AuthAssignResponse>;
export type SignedUrlResponse = z.infer<typeof SignedUrlResponse>;
export type MediaUploadResponse = z.infer<typeof MediaUploadResponse>;
