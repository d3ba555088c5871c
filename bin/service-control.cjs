// Preloaded (node --require) into each Node service the local runtime starts, to let `down` and
// restarts ask it to stop as SIGTERM would. Windows has no SIGTERM for another process:
// process.kill there is TerminateProcess, and a service would lose the telemetry it buffers.
// It listens on a loopback port of its own (written to DDWORKSHOP_CONTROL_FILE) and accepts one
// line: the per-start token kept with the pid. Plain net, not http: the webapp's tracer must not
// see it, and it holds the process open for nothing (unref).
'use strict';
const { createServer } = require('node:net');
const { timingSafeEqual } = require('node:crypto');
const { writeFileSync } = require('node:fs');

const token = process.env.DDWORKSHOP_CONTROL_TOKEN;
const file = process.env.DDWORKSHOP_CONTROL_FILE;
delete process.env.DDWORKSHOP_CONTROL_TOKEN;
delete process.env.DDWORKSHOP_CONTROL_FILE;

function same(a, b) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function stop() {
  // The service's own SIGTERM handlers flush and close; with none, exit as SIGTERM would.
  if (process.listenerCount('SIGTERM') > 0) process.emit('SIGTERM', 'SIGTERM');
  else process.exit(0);
}

if (token && file) {
  const server = createServer((socket) => {
    let text = '';
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk) => {
      text += chunk;
      if (text.length > 256) return socket.destroy();
      const line = text.indexOf('\n');
      if (line < 0) return;
      if (!same(text.slice(0, line).trim(), `stop ${token}`)) return socket.end('refused\n');
      socket.end('stopping\n', () => {
        server.close();
        stop();
      });
    });
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1', () => {
    writeFileSync(file, `${JSON.stringify({ pid: process.pid, port: server.address().port })}\n`);
  });
  server.unref();
}
