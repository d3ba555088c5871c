/**
 * Docker's multiplexed stream format (non-TTY logs and exec): 8-byte headers, byte 0 the
 * stream (1 stdout, 2 stderr), bytes 4–7 the payload length, big-endian. Pure.
 */
export function demultiplex(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buffer.length) {
    const kind = buffer[i];
    const size = buffer.readUInt32BE(i + 4);
    const payload = buffer.subarray(i + 8, i + 8 + size);
    if (kind === 2) err.push(payload);
    else out.push(payload);
    i += 8 + size;
  }
  if (i === 0 && buffer.length > 0 && (buffer[0] ?? 0) > 2)
    return { stdout: buffer.toString('utf8'), stderr: '' };
  return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
