/** Endpoints that make latency, errors, CPU and memory load on purpose, within safe caps. */
import { Router } from 'express';
import { numberParam } from '../http-errors.js';

const MiB = 1024 * 1024;

export function loadRoutes(): Router {
  const router = Router();

  router.get('/delay', async (req, res) => {
    const seconds = numberParam(req.query, 'seconds', { min: 0, max: 10, fallback: 1 });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    res.locals.delaySeconds = seconds;
    res.json({ message: `Delayed response after ${seconds} seconds`, delay_seconds: seconds });
  });

  router.get('/error', (req, res) => {
    const rate = numberParam(req.query, 'rate', { min: 0, max: 100, fallback: 50 });
    if (Math.random() * 100 < rate) {
      res.status(500).json({ error: 'Simulated error', rate });
      return;
    }
    res.json({ message: 'Success', rate });
  });

  router.get('/cpu-intensive', (req, res) => {
    const iterations = numberParam(req.query, 'iterations', {
      min: 1,
      max: 5_000_000,
      fallback: 100_000,
      integer: true,
    });
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    let result = 0;
    for (let i = 0; i < iterations; i++) result += Math.sqrt(i) * Math.sin(i);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    res.locals.cpuSeconds = cpuSeconds;
    res.json({
      iterations,
      result,
      cpu_seconds: cpuSeconds,
      duration_seconds: Number(process.hrtime.bigint() - started) / 1e9,
    });
  });

  router.get('/memory-usage', (req, res) => {
    const sizeMb = numberParam(req.query, 'size', { min: 1, max: 100, fallback: 10, integer: true });
    // Filled, so the pages are really committed; dropped at the end of the request.
    let block: Buffer | undefined = Buffer.alloc(sizeMb * MiB, 1);
    const allocated = block.length;
    block = undefined;
    res.locals.allocatedBytes = allocated;
    res.json({ message: `Allocated and released ${sizeMb} MB`, size_mb: sizeMb, allocated_bytes: allocated });
  });

  return router;
}
