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

/**
 * After a 413 the rest of the body is still on the connection: the answer says
 * `Connection: close` and the socket is closed once it is sent, so a keep-alive client opens a
 * fresh connection for its next request instead of waiting on a poisoned one.
 */
export function closeAfter(res: ServerResponse): void {
  res.setHeader('connection', 'close');
  res.once('finish', () => res.req.socket.destroy());
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
