/** DogStatsD over UDP: every packet parsed, good lines ingested, bad lines counted by reason. */
import { createSocket, type Socket } from 'node:dgram';
import type { MetricsEngine } from '../metrics/engine.js';
import { parsePacket } from './parse.js';

export interface DogStatsDOptions {
  host: string;
  port: number;
  /** Longer datagrams are dropped whole and counted (`packet too large`); 8 KiB like the agent. */
  maxPacketBytes?: number;
  engine: MetricsEngine;
}

export interface DogStatsDServer {
  port: number;
  /** What the OS granted (Linux reports double what was set); undefined when it granted nothing extra. */
  receiveBufferBytes: number | undefined;
  socket: Socket;
  close(): Promise<void>;
}

export function ingestPacket(engine: MetricsEngine, packet: Buffer | string, maxPacketBytes = 8192): void {
  const bytes = typeof packet === 'string' ? Buffer.byteLength(packet) : packet.length;
  engine.counters.packets++;
  engine.counters.packetBytes += bytes;
  if (bytes > maxPacketBytes) {
    engine.countParseError('packet too large');
    return;
  }
  const nowMs = Date.now();
  for (const line of parsePacket(packet)) {
    switch (line.kind) {
      case 'metric':
        for (const sample of line.samples) engine.ingest(sample, nowMs);
        break;
      case 'event':
        engine.counters.events++;
        break;
      case 'service_check':
        engine.counters.serviceChecks++;
        break;
      default:
        engine.countParseError(line.reason);
    }
  }
}

/**
 * A large receive buffer absorbs bursts while the event loop is busy elsewhere. Each OS answers
 * a large request its own way: Linux caps it at net.core.rmem_max, macOS refuses anything over
 * kern.ipc.maxsockbuf (~7.45 MB) with ENOBUFS — Node then throws, and the intake would exit.
 * So ask for the most, then step down on refusal.
 */
export const RECEIVE_BUFFER_STEPS = [8, 7, 6, 4, 2, 1].map((mib) => mib * 1024 * 1024);

export function growReceiveBuffer(
  socket: Pick<Socket, 'setRecvBufferSize' | 'getRecvBufferSize'>,
  steps = RECEIVE_BUFFER_STEPS,
): number | undefined {
  for (const bytes of steps) {
    try {
      socket.setRecvBufferSize(bytes);
      return socket.getRecvBufferSize();
    } catch {}
  }
  return undefined;
}

export async function startDogStatsD({
  host,
  port,
  maxPacketBytes = 8192,
  engine,
}: DogStatsDOptions): Promise<DogStatsDServer> {
  const limit = Math.min(Math.max(maxPacketBytes, 512), 65_535);
  const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
  socket.on('message', (packet) => {
    try {
      ingestPacket(engine, packet, limit);
    } catch {
      engine.countParseError('internal error');
    }
  });
  socket.on('error', (error) => console.error(`dogstatsd: ${error.message}`));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const receiveBufferBytes = growReceiveBuffer(socket);
  return {
    port: socket.address().port,
    receiveBufferBytes,
    socket,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
