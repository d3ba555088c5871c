/**
 * Infrastructure: the host the agent (or the intake) runs on — CPU, load, memory, disk, network
 * from the system check — and every container with its CPU, memory and network from the container
 * check, as Datadog's host map and container views show them.
 */

import { chartSeries, scalarQuery } from '../api.js';
import { Chart } from '../chart.js';
import { formatNumber } from '../format.js';
import { parseRange } from '../time-range.js';
import { useData } from '../use-data.js';
import { Card, ErrorBox, Header, TimePicker } from '../widgets.js';

const HOST_CHARTS = [
  ['CPU (%)', 'avg:system.cpu.user{*}, avg:system.cpu.system{*}, avg:system.cpu.iowait{*}'],
  ['Load', 'avg:system.load.1{*}, avg:system.load.5{*}, avg:system.load.15{*}'],
  ['Memory used (MiB)', 'avg:system.mem.used{*}'],
  ['Network (bytes/s)', 'sum:system.net.bytes_rcvd{*}, sum:system.net.bytes_sent{*}'],
] as const;

const CONTAINER_CHARTS = [
  ['CPU (nanocores)', 'sum:container.cpu.usage{*} by {container_name}'],
  ['Memory (bytes)', 'avg:container.memory.usage{*} by {container_name}'],
  ['Network received (bytes/s)', 'sum:container.net.rcvd{*} by {container_name}'],
] as const;

async function load(raw: string) {
  const r = parseRange(raw, Date.now(), '15m');
  const charts = async (list: ReadonlyArray<readonly [string, string]>) =>
    Promise.all(
      list.map(async ([title, queries]) => ({
        title,
        series: (
          await Promise.all(queries.split(', ').map((q) => chartSeries(q, r.fromSec, r.toSec)))
        ).flatMap((lines, i) =>
          lines.map((l) => ({
            ...l,
            label: lines.length > 1 ? l.label : (queries.split(', ')[i] ?? l.label),
          })),
        ),
      })),
    );
  const [host, containers, table] = await Promise.all([
    charts(HOST_CHARTS),
    charts(CONTAINER_CHARTS),
    scalarQuery(
      [
        {
          name: 'cpu',
          query: 'avg:container.cpu.usage{*} by {container_name,short_image}',
          aggregator: 'avg',
        },
        {
          name: 'mem',
          query: 'avg:container.memory.usage{*} by {container_name,short_image}',
          aggregator: 'last',
        },
      ],
      r.fromSec,
      r.toSec,
    ),
  ]);
  return { r, host, containers, table };
}

export function Infrastructure(props: { url: URL }) {
  const raw = props.url.searchParams.get('range') ?? '15m';
  const range = parseRange(raw, Date.now(), '15m');
  const data = useData(() => load(raw), [raw], range.live ? 15_000 : undefined);
  const d = data.data;
  const noHost = d?.host.every((c) => c.series.length === 0);
  return (
    <main>
      <Header title="Infrastructure">
        <TimePicker range={range} raw={raw} />
      </Header>
      <p class="hint">
        The agent's system check (every 15 s) and container check. In Datadog: Infrastructure → Hosts, and
        Containers. With Docker Desktop (macOS, Windows) the host is Docker's Linux VM, not your laptop: its
        CPUs and memory are the ones Docker Desktop was given.
      </p>
      <ErrorBox error={data.error} />
      {noHost && <p class="empty">No system metrics yet: the system check runs every 15 s.</p>}
      {d && (
        <>
          <h2>Host</h2>
          <div class="chart-row">
            {d.host.map((c) => (
              <figure>
                <figcaption>{c.title}</figcaption>
                <Chart height={180} fromSec={d.r.fromSec} toSec={d.r.toSec} series={c.series} />
              </figure>
            ))}
          </div>
          <h2>Containers</h2>
          {d.table.size === 0 ? (
            <p class="empty">
              No container metrics: they come from the Docker Engine API, so only the Docker runtime has them.
            </p>
          ) : (
            <>
              <div class="cards">
                <Card label="Containers" value={String(d.table.size)} />
              </div>
              <table id="containers">
                <thead>
                  <tr>
                    <th>container</th>
                    <th>image</th>
                    <th class="num">CPU (cores)</th>
                    <th class="num">memory</th>
                  </tr>
                </thead>
                <tbody>
                  {[...d.table].map(([group, v]) => {
                    const tags = Object.fromEntries(
                      group.split(',').map((t) => [t.split(':')[0], t.slice(t.indexOf(':') + 1)]),
                    );
                    return (
                      <tr>
                        <td>{tags.container_name}</td>
                        <td>{tags.short_image}</td>
                        <td class="num">{formatNumber((v.cpu ?? 0) / 1e9)}</td>
                        <td class="num">{formatNumber(v.mem)}B</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div class="chart-row">
                {d.containers.map((c) => (
                  <figure>
                    <figcaption>{c.title}</figcaption>
                    <Chart height={180} fromSec={d.r.fromSec} toSec={d.r.toSec} series={c.series} />
                  </figure>
                ))}
              </div>
            </>
          )}
        </>
      )}
    </main>
  );
}
