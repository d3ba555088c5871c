/**
 * Docker's multiplexed stream format (non-TTY logs and exec): 8-byte headers, byte 0 the
 * stream (0 stdin, 1 stdout, 2 stderr), bytes 1–3 zero, bytes 4–7 the payload length,
 * big-endian. A TTY stream has no headers and passes through as stdout. Pure.
 */
function isHeader(buffer: Buffer, at: number): boolean {
  return (
    at + 8 <= buffer.length &&
    (buffer[at] ?? 3) <= 2 &&
    buffer[at + 1] === 0 &&
    buffer[at + 2] === 0 &&
    buffer[at + 3] === 0
  );
}

export function demultiplex(buffer: Buffer): { stdout: string; stderr: string } {
  if (buffer.length > 0 && !isHeader(buffer, 0)) return { stdout: buffer.toString('utf8'), stderr: '' };
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (isHeader(buffer, i)) {
    const size = buffer.readUInt32BE(i + 4);
    const payload = buffer.subarray(i + 8, i + 8 + size);
    if (buffer[i] === 2) err.push(payload);
    else out.push(payload);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
