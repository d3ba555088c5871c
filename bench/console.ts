/// <reference lib="dom" />
/**
 * The console's speed with a realistic load: 1 h of data for 500 series at 10 s resolution
 * (180,000 points). Three figures, each next to a floor measured in the same run:
 *   - the query API's p95 for the explorer's query (floor: /intake/health), goal ≤ 50 ms;
 *   - first render of every page in chromium (floor: a static file), goal ≤ 1 s each;
 *   - a Metrics Explorer refresh (query + redraw of 500 lines), goal ≤ 100 ms.
 */
import type { Page } from 'playwright-core';
import { type Intake, startIntake } from '../intake/src/index.js';
import { launchBrowser } from '../test/support/browser.js';
import { line, median } from './support.js';

const SERIES = 500;
const QUERY = 'avg:bench.load{*} by {host}';

function fill(intake: Intake): void {
  const nowSec = Math.floor(Date.now() / 1000);
  for (let t = nowSec - 3590; t <= nowSec; t += 10)
    for (let h = 0; h < SERIES; h++)
      intake.engine.ingest({
        name: 'bench.load',
        type: 'g',
        value: (h % 17) + Math.sin(t / 300),
        sampleRate: 1,
        tags: [`host:h${h}`],
        timestampSec: t,
      });
  for (let i = 0; i < 200; i++)
    intake.engine.ingest({
      name: `bench.metric_${i}`,
      type: 'c',
      value: 1,
      sampleRate: 1,
      tags: ['env:bench'],
    });
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

async function timeRequests(url: string, n: number, log?: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { 'dd-api-key': 'b', 'dd-application-key': 'b' } });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
  }
  if (log) line(`${log}: median ${median(times).toFixed(1)} ms, p95 ${p95(times).toFixed(1)} ms`);
  return p95(times);
}

async function firstRender(page: Page, url: string, ready: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  return performance.now() - t0;
}

/** Toggles the range between 1h and 4h (the same 180k points) and waits for the chart to redraw. */
async function refresh(page: Page, to: string): Promise<number> {
  return page.evaluate(async (label) => {
    const canvas = document.querySelector<HTMLElement>('.chart-canvas');
    const before = canvas?.dataset.drawnAt;
    const t0 = performance.now();
    Array.from(document.querySelectorAll('button'))
      .find((b) => b.textContent === label)
      ?.click();
    while (canvas?.dataset.drawnAt === before) await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  }, to);
}

const intake = await startIntake({ dogstatsdPort: 0, tracePort: 0, apiPort: 0, rateLimits: {} });
const base = `http://127.0.0.1:${intake.ports.api}`;
fill(intake);
const nowSec = Math.floor(Date.now() / 1000);
const queryUrl = `${base}/api/v1/query?from=${nowSec - 3600}&to=${nowSec}&query=${encodeURIComponent(QUERY)}`;
await timeRequests(queryUrl, 5);
const apiP95 = await timeRequests(queryUrl, 60, 'query API');
const floorP95 = await timeRequests(`${base}/intake/health`, 60);
// 360 stored points a series; the answer has what the default rollup for an hour keeps (20 s: 181).
const answer = (await (
  await fetch(queryUrl, { headers: { 'dd-api-key': 'b', 'dd-application-key': 'b' } })
).json()) as { series: Array<{ pointlist: unknown[] }> };
const points = answer.series[0]?.pointlist.length ?? 0;
line(
  `query API p95: ${apiP95.toFixed(1)} ms for ${SERIES} series × 360 stored points, ${points} each in the answer (floor /intake/health: ${floorP95.toFixed(1)} ms; goal ≤ 50 ms)`,
);

const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const explorer = `${base}/metric/explorer?live=0&range=1h&query=${encodeURIComponent(QUERY)}`;
const pages: Array<[string, string, string]> = [
  ['home', '/', '.card-value'],
  ['metrics explorer', explorer.slice(base.length), '.chart-canvas canvas'],
  ['metrics summary', '/metric/summary', 'tr[data-metric="bench.load"]'],
  ['apm services', '/apm/services', 'main .empty, #services'],
  ['traces', '/apm/traces', 'main .empty, #span-list'],
];
await firstRender(page, `${base}/`, '.card-value');
const floorTimes = [];
for (let i = 0; i < 3; i++)
  floorTimes.push(await firstRender(page, `${base}/console/static/favicon.svg`, 'svg'));
const floor = median(floorTimes);
let worst = 0;
for (const [name, path, ready] of pages) {
  const times = [];
  for (let i = 0; i < 3; i++) times.push(await firstRender(page, `${base}${path}`, ready));
  const t = median(times);
  worst = Math.max(worst, t);
  line(`first render, ${name}: ${t.toFixed(0)} ms`);
}
line(`first render floor (a static file): ${floor.toFixed(0)} ms`);

await firstRender(page, explorer, '.chart-canvas canvas');
const refreshes = [];
for (let i = 0; i < 6; i++) refreshes.push(await refresh(page, i % 2 ? '1h' : '4h'));
const refreshMs = median(refreshes);
await browser.close();
await intake.stop();

line(`explorer refresh (query + redraw of ${SERIES} lines): ${refreshMs.toFixed(0)} ms (goal ≤ 100 ms)`);
line(`slowest first render: ${worst.toFixed(0)} ms (goal ≤ 1000 ms)`);
line(
  `ratio ${(50 / apiP95).toFixed(2)} query p95 vs goal; ${(1000 / worst).toFixed(2)} render vs goal; ${(100 / refreshMs).toFixed(2)} refresh vs goal (goal ≥ 1.0 each)`,
);
