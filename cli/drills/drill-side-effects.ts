/**
 * What a drill changes besides the webapp's flags, and how each is undone: the monitor it pushes
 * (deleted at stop), lesson 9's index it drops (created again from its saved definition), and a
 * leaked heap (the webapp restarted).
 */
import type { Monitor } from '@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/models/Monitor.js';
import chalk from 'chalk';
import { cmd } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import type { DrillState } from './drill-state.js';
import { type DrillMonitor, findDrill } from './scenarios.js';

/** Lesson 9's index, which the slow-product-page drill drops. */
export const PRODUCT_INDEX = 'purchases_product_id_idx';

/** The drill's monitor through the Datadog API (the intake offline), tagged as the drill's own. */
export async function pushMonitor(
  c: WorkshopConfig,
  name: string,
  m: DrillMonitor,
  say: (line: string) => void,
): Promise<number | undefined> {
  const { createDatadogApi } = await import('../datadog/client.js');
  const api = await createDatadogApi(c);
  const monitors = await api.monitors();
  const body = await api.v1Model<Monitor>('Monitor', {
    ...m,
    type: 'metric alert',
    tags: ['service:webapp', `ddworkshop-drill:${name}`],
    options: { notify_no_data: false, ...m.options },
  });
  try {
    return (await api.call(() => monitors.createMonitor({ body }))).id;
  } catch (error) {
    say(
      `${chalk.yellow('!')} The drill's monitor was not created (${(error as Error).message}); the drill goes on without it.`,
    );
    return undefined;
  }
}

async function deleteMonitor(c: WorkshopConfig, id: number, say: (line: string) => void): Promise<void> {
  const { createDatadogApi } = await import('../datadog/client.js');
  try {
    const api = await createDatadogApi(c);
    const monitors = await api.monitors();
    await api.call(() => monitors.deleteMonitor({ monitorId: id }));
  } catch (error) {
    if ((error as { status?: number }).status !== 404)
      say(
        `${chalk.yellow('!')} The drill's monitor ${id} was not deleted (${(error as Error).message}): ${cmd('monitor list')} shows it.`,
      );
  }
}

/** Drops lesson 9's index, keeping its definition for `stop`. */
export async function dropProductIndex(c: WorkshopConfig): Promise<string> {
  const { openWorkshopDb } = await import('../database/workshop-db.js');
  const db = await openWorkshopDb(c);
  const [found] = (await db.query('SELECT indexdef FROM pg_indexes WHERE indexname = $1', [
    PRODUCT_INDEX,
  ])) as Array<{
    indexdef: string;
  }>;
  if (!found)
    throw new UserError(
      `The index ${PRODUCT_INDEX} of lesson 9 is not in the workshop database`,
      `${cmd('up --build')} restarts the webapp, whose start creates it (lesson 9's solution).`,
    );
  await db.query(`DROP INDEX IF EXISTS ${PRODUCT_INDEX}`);
  return found.indexdef;
}

/** What a drill changed besides the flags, as it was: the index created again, a leaked heap restarted. */
export async function undoSideEffects(
  c: WorkshopConfig,
  s: DrillState,
  say: (line: string) => void,
): Promise<void> {
  if (s.monitorId !== undefined) await deleteMonitor(c, s.monitorId, say);
  if (s.droppedIndex) {
    const { openWorkshopDb } = await import('../database/workshop-db.js');
    try {
      await (await openWorkshopDb(c)).query(
        s.droppedIndex.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '),
      );
    } catch (error) {
      say(
        `${chalk.yellow('!')} The index ${PRODUCT_INDEX} could not be created again (${(error as Error).message}); the webapp creates it at its next start (${cmd('up --build')}).`,
      );
    }
  }
  if (findDrill(s.name)?.sideEffect === 'restart-webapp') {
    const { reloadWebapp } = await import('../lessons/stack-hooks.js');
    try {
      await reloadWebapp(c, (line) => say(chalk.dim(`  ${line}`)));
    } catch (error) {
      say(
        `${chalk.yellow('!')} The webapp was not restarted (${(error as Error).message}): ${cmd('up --build')} does it.`,
      );
    }
  }
}
