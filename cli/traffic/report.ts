/** What the student sees: a live line while traffic runs, a table at the end. Pure formatting. */
import chalk from 'chalk';
import { renderTable } from '../ui/table.js';
import type { Snapshot } from './stats.js';

export function fmtMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms >= 10) return `${Math.round(ms)}ms`;
  return `${ms.toFixed(1)}ms`;
}

function fmtDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function liveLine(s: Snapshot, totalSec?: number): string {
  const parts = [`elapsed ${fmtDuration(s.elapsedSec)}`];
  if (totalSec !== undefined) parts.push(`remaining ${fmtDuration(totalSec - s.elapsedSec)}`);
  parts.push(`${s.requests} req`, `${s.ratePerSec.toFixed(1)} req/s`);
  if (s.requests > 0) parts.push(`p50 ${fmtMs(s.p50Ms)} p95 ${fmtMs(s.p95Ms)} p99 ${fmtMs(s.p99Ms)}`);
  const bad = s.errors + s.failures;
  parts.push(`errors ${bad}${s.requests ? ` (${((bad / s.requests) * 100).toFixed(0)}%)` : ''}`);
  if (s.dropped) parts.push(`dropped ${s.dropped}`);
  return parts.join(' · ');
}

export function summaryTable(s: Snapshot, title: string): string {
  const header = ['endpoint', 'requests', 'errors', 'p50', 'p95', 'p99', 'max', 'statuses'];
  const rows = s.endpoints.map((e) => [
    e.endpoint,
    String(e.count),
    String(e.errors + e.failures),
    fmtMs(e.p50Ms),
    fmtMs(e.p95Ms),
    fmtMs(e.p99Ms),
    fmtMs(e.maxMs),
    Object.entries(e.statuses)
      .map(([k, v]) => `${k}×${v}`)
      .join(' '),
  ]);
  rows.push([
    'total',
    String(s.requests),
    String(s.errors + s.failures),
    fmtMs(s.p50Ms),
    fmtMs(s.p95Ms),
    fmtMs(s.p99Ms),
    '',
    `${s.ratePerSec.toFixed(1)} req/s over ${fmtDuration(s.elapsedSec)}${s.dropped ? `, ${s.dropped} dropped` : ''}`,
  ]);
  const right = 'right' as const;
  const lines = renderTable(header, rows, {
    align: ['left', right, right, right, right, right, right, 'left'],
  }).split('\n');
  return [
    chalk.bold(title),
    chalk.dim(lines[0] ?? ''),
    ...lines.slice(1, -1),
    chalk.bold(lines.at(-1) ?? ''),
  ].join('\n');
}
