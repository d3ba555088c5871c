/** Whether a host port is free, by binding it for a moment (TCP or UDP, on the host IP the stack uses). */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export function portFree(port: number, protocol: 'tcp' | 'udp', host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    if (protocol === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, host, () => socket.close(() => resolve(true)));
      return;
    }
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
