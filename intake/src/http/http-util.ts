import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  // A declared length over the limit is refused before a byte of it is read.
  if (Number(req.headers['content-length'] ?? 0) > limit)
    throw new BodyTooLarge(`body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** How long a refused body is still read (and thrown away) so the client sees the answer. */
const LINGER_MS = 2_000;

/**
 * After a 413 the rest of the body is still on the connection. Closing at once makes the client's
 * write fail (a reset, or EPIPE) instead of showing the 413, so Node reads the rest and throws it
 * away (it does so for a finished answer whose request was not read) and the connection lives on;
 * a body still arriving after LINGER_MS closes it (nginx's lingering close).
 */
export function closeAfter(res: ServerResponse): void {
  res.once('finish', () => {
    const { req } = res;
    if (req.complete) return;
    if (req.destroyed) return void req.socket.destroy();
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once('end', () => clearTimeout(timer));
  });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
