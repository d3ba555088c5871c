/** Errors in Datadog's shape and the request checks every endpoint shares. */

import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { ApiError } from '../http/http-error.js';
import { BodyTooLarge, readBody } from '../http/http-util.js';

// The error an answer is made of lives with the HTTP layer (the console's routes throw it too).
export { ApiError };

import { MAX_BODY_DEPTH, nestsDeeperThan } from '../util/json-depth.js';

/** Unix seconds up to 2100, from before to: an absurd window is refused as Datadog refuses it. */
export const LATEST_SEC = 4_102_444_800;
export function checkRange(fromSec: number, toSec: number): void {
  if (fromSec < 0 || toSec > LATEST_SEC || fromSec > toSec)
    throw new ApiError(400, 'Invalid time range: from and to must be unix times, from before to');
}

export function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'Invalid metric name in the path');
  }
}

/** Bodies may come compressed (the API clients' `Content-Encoding: gzip` or `deflate`). */
const MAX_BODY = 5 * 1024 * 1024;
const MAX_DECOMPRESSED = 16 * 1024 * 1024;

function decoded(raw: Buffer, encoding: string | undefined): Buffer {
  const e = (encoding ?? 'identity').trim().toLowerCase();
  if (e === 'identity' || e === '') return raw;
  const inflate = e === 'gzip' ? gunzipSync : e === 'deflate' ? inflateSync : undefined;
  if (!inflate)
    throw new ApiError(415, `Unsupported Content-Encoding ${e.slice(0, 40)}: use gzip, deflate or none`);
  try {
    return inflate(raw, { maxOutputLength: MAX_DECOMPRESSED });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BodyTooLarge(`body larger than ${MAX_DECOMPRESSED} bytes once decompressed`);
    throw new ApiError(400, `Invalid ${e} body`);
  }
}

/** A JSON:API request's `data.attributes` (Datadog's v2 bodies), or an empty object. */
export function dataAttributes(body: Record<string, unknown>): Record<string, unknown> {
  return ((body.data as Record<string, unknown> | undefined)?.attributes ?? {}) as Record<string, unknown>;
}

export async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req, MAX_BODY);
  const text = decoded(raw, req.headers['content-encoding']).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text || '{}') as unknown;
  } catch {
    throw new ApiError(400, 'Invalid JSON body');
  }
  if (!parsed || typeof parsed !== 'object') throw new ApiError(400, 'Invalid JSON body');
  // Refused where it comes in: stored, it would make every later read of the list fail.
  if (nestsDeeperThan(parsed, MAX_BODY_DEPTH))
    throw new ApiError(400, `Invalid JSON body: nested deeper than ${MAX_BODY_DEPTH} levels`);
  return parsed as Record<string, unknown>;
}
