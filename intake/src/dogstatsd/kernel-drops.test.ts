import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { dropsForPort, kernelDrops } from './kernel-drops.js';

const TABLE = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  123: 0100007F:1FBD 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 41 2 0000000000000000 1523
  124: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 42 2 0000000000000000 7`;

describe('kernel drops of the DogStatsD socket', () => {
  it('reads the drops column of the socket bound to the port (8125 = 1FBD)', () => {
    expect(dropsForPort(TABLE, 8125)).toBe(1523);
    expect(dropsForPort(TABLE, 68)).toBe(7);
    expect(dropsForPort(TABLE, 9999)).toBeUndefined();
  });

  it('finds a real socket here (Linux), and says nothing elsewhere', async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
    expect(kernelDrops(socket.address().port, process.platform)).toBe(
      process.platform === 'linux' ? 0 : undefined,
    );
    expect(kernelDrops(socket.address().port, 'darwin')).toBeUndefined();
    socket.close();
  });
});
