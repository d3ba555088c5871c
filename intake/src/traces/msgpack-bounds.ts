/**
 * How big a msgpack document is, read from its headers without building it: the number of
 * elements and the nesting depth, in one linear pass and constant memory. A trace payload is
 * refused before decoding when either is absurd (five million empty maps fit in 5 MiB, and
 * building them takes gigabytes), as the trace agent refuses payloads it cannot take.
 */
export interface Shape {
  elements: number;
  depth: number;
}

export class MsgpackShapeError extends Error {}

/** Bytes of payload after a header, for the fixed-size and length-prefixed types. */
function skipAndChildren(buf: Uint8Array, at: number, view: DataView): { next: number; children: number } {
  const b = buf[at] as number;
  const u8 = (o: number) => view.getUint8(at + o);
  const u16 = (o: number) => view.getUint16(at + o);
  const u32 = (o: number) => view.getUint32(at + o);
  if (b <= 0x7f || b >= 0xe0) return { next: at + 1, children: 0 }; // fixint
  if (b <= 0x8f) return { next: at + 1, children: 2 * (b & 0x0f) }; // fixmap
  if (b <= 0x9f) return { next: at + 1, children: b & 0x0f }; // fixarray
  if (b <= 0xbf) return { next: at + 1 + (b & 0x1f), children: 0 }; // fixstr
  switch (b) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
      return { next: at + 1, children: 0 };
    case 0xc4:
    case 0xd9:
      return { next: at + 2 + u8(1), children: 0 };
    case 0xc5:
    case 0xda:
      return { next: at + 3 + u16(1), children: 0 };
    case 0xc6:
    case 0xdb:
      return { next: at + 5 + u32(1), children: 0 };
    case 0xc7:
      return { next: at + 3 + u8(1), children: 0 };
    case 0xc8:
      return { next: at + 4 + u16(1), children: 0 };
    case 0xc9:
      return { next: at + 6 + u32(1), children: 0 };
    case 0xca:
      return { next: at + 5, children: 0 };
    case 0xcb:
      return { next: at + 9, children: 0 };
    case 0xcc:
    case 0xd0:
      return { next: at + 2, children: 0 };
    case 0xcd:
    case 0xd1:
      return { next: at + 3, children: 0 };
    case 0xce:
    case 0xd2:
      return { next: at + 5, children: 0 };
    case 0xcf:
    case 0xd3:
      return { next: at + 9, children: 0 };
    case 0xd4:
      return { next: at + 3, children: 0 };
    case 0xd5:
      return { next: at + 4, children: 0 };
    case 0xd6:
      return { next: at + 6, children: 0 };
    case 0xd7:
      return { next: at + 10, children: 0 };
    case 0xd8:
      return { next: at + 18, children: 0 };
    case 0xdc:
      return { next: at + 3, children: u16(1) };
    case 0xdd:
      return { next: at + 5, children: u32(1) };
    case 0xde:
      return { next: at + 3, children: 2 * u16(1) };
    case 0xdf:
      return { next: at + 5, children: 2 * u32(1) };
    default:
      throw new MsgpackShapeError(`not msgpack: byte 0x${b.toString(16)} at ${at}`);
  }
}

/** Counts the first document's elements and depth; stops early once a limit is passed. */
export function measure(buf: Uint8Array, limits: { elements: number; depth: number }): Shape {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const pending: number[] = []; // children still to read at each open level
  let at = 0;
  let elements = 0;
  let depth = 0;
  do {
    if (at >= buf.length) throw new MsgpackShapeError('not msgpack: the payload ends early');
    const { next, children } = skipAndChildren(buf, at, view);
    at = next;
    elements++;
    if (elements > limits.elements) return { elements, depth };
    if (pending.length) pending[pending.length - 1] = (pending.at(-1) as number) - 1;
    if (children > 0) {
      pending.push(children);
      depth = Math.max(depth, pending.length);
      if (depth > limits.depth) return { elements, depth };
    }
    while (pending.length && pending.at(-1) === 0) pending.pop();
  } while (pending.length);
  return { elements, depth };
}
