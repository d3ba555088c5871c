/**
 * `metrics percentiles <name>`: turns on percentile aggregations for a distribution through
 * Datadog's metric tag configuration API (or the intake's copy of it). Datadog computes them
 * only for points that arrive from then on. The configuration keeps every tag queryable: a
 * deny-list that denies nothing, or — where that is refused — an allow-list of the metric's
 * current tag keys.
 */
import chalk from 'chalk';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { ApiFailure, arrivedType, createDatadogApi, type DatadogApi } from '../datadog/client.js';
import { describeArrived } from '../verify/metric-types.js';

type Attributes = { tags: string[]; excludeTagsMode: boolean };

/** Every tag key of the metric, for an allow-list that keeps them all. */
async function tagKeys(api: DatadogApi, name: string): Promise<string[]> {
  const v2 = await api.metricsV2();
  const res = await api.call(() => v2.listTagsByMetricName({ metricName: name }));
  return [...new Set((res.data?.attributes?.tags ?? []).map((t) => t.split(':')[0] ?? t))].sort();
}

async function create(api: DatadogApi, name: string, attributes: Attributes): Promise<void> {
  const v2 = await api.metricsV2();
  await api.call(() =>
    v2.createTagConfiguration({
      metricName: name,
      body: {
        data: {
          type: 'manage_tags',
          id: name,
          attributes: { metricType: 'distribution', includePercentiles: true, ...attributes },
        },
      },
    }),
  );
}

async function existing(api: DatadogApi, name: string): Promise<boolean> {
  const v2 = await api.metricsV2();
  try {
    await api.call(() => v2.listTagConfigurationByName({ metricName: name }));
    return true;
  } catch (error) {
    if ((error as ApiFailure).status === 404) return false;
    throw error;
  }
}

export async function enablePercentiles(
  name: string,
  options: { offline?: boolean; json?: boolean },
): Promise<void> {
  const config = await loadConfig(options.offline ? { offline: true } : {});
  const api = await createDatadogApi(config);
  try {
    const type = await arrivedType(api, name);
    if (!type)
      throw new UserError(
        `${name} has not arrived yet: Datadog configures only metrics it has received`,
        `Send it first (for the lessons: ${cmd('traffic purchase 3')}), then run this again.`,
      );
    if (type !== 'distribution')
      throw new UserError(
        `${name} arrived as ${describeArrived(type)}: percentiles are computed for distributions only`,
        'Send it with statsd.distribution(name, value, tags), then run this again.',
      );
    let kept = 'every tag stays queryable';
    if (await existing(api, name)) {
      const v2 = await api.metricsV2();
      await api.call(() =>
        v2.updateTagConfiguration({
          metricName: name,
          body: { data: { type: 'manage_tags', id: name, attributes: { includePercentiles: true } } },
        }),
      );
      kept = 'its tag configuration is otherwise unchanged';
    } else {
      try {
        await create(api, name, { tags: [], excludeTagsMode: true });
      } catch (error) {
        if ((error as ApiFailure).status !== 400) throw error;
        const tags = await tagKeys(api, name);
        await create(api, name, { tags, excludeTagsMode: false });
        kept = `queryable tags: ${tags.join(', ')}`;
      }
    }
    if (options.json) process.stdout.write(`${JSON.stringify({ metric: name, includePercentiles: true })}\n`);
    else {
      process.stdout.write(`${chalk.green('✔')} Percentiles enabled for ${name} (${kept}).\n`);
      process.stdout.write(
        chalk.dim(
          '  p50, p75, p90, p95 and p99 are computed from points that arrive from now on; earlier points never get them.\n',
        ),
      );
    }
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 403)
      throw new UserError(
        error.message,
        'Enabling percentiles needs an application key with the metric_tags_write scope.',
      );
    throw error;
  }
}
