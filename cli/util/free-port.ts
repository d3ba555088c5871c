import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A UDP port free on 127.0.0.1 right now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A workshop's port variables (the compose file's), each on a port free now: a stack beside the student's. */
export async function freeWorkshopPorts(): Promise<Record<string, string>> {
  return {
    WEBAPP_PORT: String(await freePort()),
    POSTGRES_PORT: String(await freePort()),
    DD_DOGSTATSD_PORT: String(await freeUdpPort()),
    DD_TRACE_AGENT_PORT: String(await freePort()),
    INTAKE_API_PORT: String(await freePort()),
  };
}
