/**
 * The message catalogue of PROTOCOL.md §3: type numbers (msg-types.ts), body schemas
 * (shapes.ts, requests.ts, replies.ts) and the parse step every receiver runs after the codec.
 * Servers route on `parseRequest`; clients check server bodies with `parseBody`.
 */
import type { z } from 'zod';
import { decodeJsonBody, encodeFrame } from './codec';
import { ErrorCode, ParleyError } from './errors';
import {
  MsgType,
  MsgTypeName,
  type MsgTypeValue,
  type RequestType,
  type ResponseTypeOf,
} from './msg-types';
import { Limits } from './shapes';
import { replySchemaMap } from './replies';
import {
  requestSchemaMap,
  requestSchemas,
  type AnyRequest,
  type RequestOf,
  type SendMsgRequest,
} from './requests';

export * from './msg-types';
export * from './shapes';
export * from './requests';
export * from './replies';

/** Every body schema by type, precisely typed; `satisfies` proves no type in §3 lacks one. */
export const bodySchemaMap = {
  ...requestSchemaMap,
  ...replySchemaMap,
} as const satisfies Record<MsgTypeValue, z.ZodType>;
export type BodySchemaMap = typeof bodySchemaMap;

/** Every body schema (requests, responses, pushes) keyed by type number. */
export const bodySchemas: Partial<Record<number, z.ZodType>> = Object.freeze({ ...bodySchemaMap });

/** The validated body of type `T`. */
export type BodyOf<T extends MsgTypeValue> = z.output<BodySchemaMap[T]>;
/** What a sender may pass as the body of type `T` (fields with defaults still optional). */
export type BodyInput<T extends MsgTypeValue> = z.input<BodySchemaMap[T]>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParleyError };

/**
 * What a server handler returns for request `T`: the success fields of its response (§3) as a
 * sender writes them, without `error` and `reqId`, which the server adds. `never` for TYPING.
 */
export type ResponseOf<T extends RequestType> = Omit<
  Extract<BodyInput<ResponseTypeOf<T>>, { error: typeof ErrorCode.OK }>,
  'error' | 'reqId'
>;

/** `parseRequest`'s value: the exact body for a literal request type, else any request body. */
export type ParsedRequest<T extends number> = T extends RequestType ? RequestOf<T> : AnyRequest;

/**
 * BAD_REQUEST naming the first offending field (§1: "lacks a required field"), e.g.
 * "clientMsgId: Invalid input: expected string, received undefined", with `extra.field`.
 */
function badRequest(error: z.ZodError): ParleyError {
  const issue = error.issues[0];
  if (issue === undefined) return new ParleyError(ErrorCode.BAD_REQUEST);
  const field = issue.path.map(String).join('.');
  const message = field === '' ? issue.message : `${field}: ${issue.message}`;
  return new ParleyError(ErrorCode.BAD_REQUEST, message, field === '' ? undefined : { field });
}

function unknownType(type: number): ParleyError {
  // `refType` so that `error.toBody()` is exactly the ERROR push of §3.
  return new ParleyError(ErrorCode.UNKNOWN_TYPE, `unknown message type ${type}`, {
    refType: type,
  });
}

function check<T>(schema: z.ZodType, value: unknown): ParseResult<T> {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data as T }
    : { ok: false, error: badRequest(result.error) };
}

/**
 * Decode and validate a request body. Never throws: UNKNOWN_TYPE for a type that is not a
 * request (a server answers it with an `ERROR` push), BAD_REQUEST for bytes that are not a JSON
 * object or miss a field (answered with the request's response type, §1).
 */
export function parseRequest<T extends number>(
  type: T,
  body: Uint8Array,
): ParseResult<ParsedRequest<T>> {
  const schema = requestSchemas[type];
  if (schema === undefined) return { ok: false, error: unknownType(type) };
  const json = decodeJsonBody(body);
  if (!json.ok) return json;
  if (type === MsgType.SEND_MSG) {
    const fast = plainTextSend(json.value);
    if (fast !== null) return { ok: true, value: fast as ParsedRequest<T> };
  }
  return check(schema, json.value);
}

const isText = (v: unknown, min: number, max: number): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;

/**
 * SEND_MSG's common case, a text message, checked without zod: it is every chat's hot path
 * (issue 3). Accepts exactly what `SendMsgRequest` accepts for kind "text" and returns the same
 * output (a property test holds the two together); anything else → null, and zod decides, so
 * every error message still comes from the schema.
 */
export function plainTextSend(v: Record<string, unknown>): SendMsgRequest | null {
  const { reqId, conversationId, clientMsgId, kind, text } = v;
  if (
    kind !== 'text' ||
    // A quoted reply (§9.4) is the schema's to check: it is not the hot path's common case.
    'replyTo' in v ||
    !isText(conversationId, 1, Limits.ID_MAX) ||
    !isText(clientMsgId, 1, Limits.CLIENT_MSG_ID_MAX) ||
    !isText(text, 1, Limits.TEXT_MAX)
  )
    return null;
  // zod keeps a reqId given as undefined; so does this.
  if (reqId === undefined)
    return 'reqId' in v
      ? { reqId, conversationId, clientMsgId, kind, text }
      : { conversationId, clientMsgId, kind, text };
  if (!Number.isSafeInteger(reqId)) return null;
  return { reqId: reqId as number, conversationId, clientMsgId, kind, text };
}

/** Validate an already-decoded value as the body of any known type (tests, bridges, clients). */
export function validateBody<T extends number>(
  type: T,
  value: unknown,
): ParseResult<T extends MsgTypeValue ? BodyOf<T> : unknown> {
  const schema = bodySchemas[type];
  if (schema === undefined) return { ok: false, error: unknownType(type) };
  return check(schema, value);
}

/** Decode and validate the body of any known type: what a client runs on server frames. */
export function parseBody<T extends number>(
  type: T,
  body: Uint8Array,
): ParseResult<T extends MsgTypeValue ? BodyOf<T> : unknown> {
  if (bodySchemas[type] === undefined) return { ok: false, error: unknownType(type) };
  const json = decodeJsonBody(body);
  if (!json.ok) return json;
  return validateBody(type, json.value);
}

/** `encodeFrame` with the body type-checked against the catalogue at compile time. */
export function encodeMessage<T extends MsgTypeValue>(type: T, body: BodyInput<T>): Uint8Array {
  return encodeFrame(type, body);
}

/** "SEND_MSG(1017)" — for logs and error texts. */
export function describeType(type: number): string {
  const name = MsgTypeName[type];
  return name === undefined ? `type ${type}` : `${name}(${type})`;
}
