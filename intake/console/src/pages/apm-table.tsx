/** The requests / errors / latency table the services list and a service page share. */
import type { ComponentChildren } from 'preact';
import { formatDuration, formatNumber } from '../format.js';
import type { OperationStats } from './apm-metrics.js';

export function StatsTable(props: {
  id: string;
  rows: OperationStats[];
  windowSec: number;
  first: string;
  name: (r: OperationStats) => ComponentChildren;
}) {
  const ms = (sec?: number) => formatDuration(sec === undefined ? undefined : sec * 1000);
  return (
    <table class="grid" id={props.id}>
      <thead>
        <tr>
          <th>{props.first}</th>
          <th>requests</th>
          <th>req/s</th>
          <th>errors</th>
          <th>error rate</th>
          <th>p50</th>
          <th>p95</th>
          <th>p99</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <td>{props.name(r)}</td>
            <td class="num">{formatNumber(r.hits)}</td>
            <td class="num">{formatNumber(r.hits / props.windowSec)}</td>
            <td class={`num ${r.errors > 0 ? 'bad' : ''}`}>{formatNumber(r.errors)}</td>
            <td class="num">{r.hits ? `${formatNumber((100 * r.errors) / r.hits)} %` : '—'}</td>
            <td class="num">{ms(r.p50)}</td>
            <td class="num">{ms(r.p95)}</td>
            <td class="num">{ms(r.p99)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
