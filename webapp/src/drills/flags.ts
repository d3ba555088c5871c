/**
 * The drills' feature flags, through OpenFeature's server SDK: an in-memory provider loaded from
 * the flag file `ddw drill start` writes (DDWORKSHOP_FLAGS_FILE) and reloaded when it changes, so a
 * fault comes and goes without a restart. No file: every flag at its default (no fault).
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { InMemoryProvider, OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { logger } from '../logger.js';

type FlagConfiguration = ConstructorParameters<typeof InMemoryProvider>[0];
type FlagValue = string | number | boolean;

function read(file: string): NonNullable<FlagConfiguration> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as NonNullable<FlagConfiguration>;
  } catch {
    return {};
  }
}

export function startFlags(file = process.env.DDWORKSHOP_FLAGS_FILE): () => void {
  const provider = new InMemoryProvider(file ? read(file) : {});
  void OpenFeature.setProviderAndWait(provider);
  if (!file) return () => {};
  // Polling, not fs.watch: it behaves the same on every OS and through a Docker bind mount.
  const reload = () => {
    void provider.putConfiguration(read(file));
    logger.debug({ flags: file }, 'feature flags reloaded');
  };
  watchFile(file, { interval: 500 }, reload);
  return () => unwatchFile(file, reload);
}

export const flags = () => OpenFeature.getClient('webapp');

function evaluate(key: string, fallback: FlagValue): Promise<FlagValue> {
  const client = flags();
  if (typeof fallback === 'boolean') return client.getBooleanValue(key, fallback);
  if (typeof fallback === 'number') return client.getNumberValue(key, fallback);
  return client.getStringValue(key, fallback);
}

/**
 * The flags' values, kept current: evaluated through OpenFeature when the provider is ready and
 * whenever its configuration changes, read synchronously by the faults — a request pays no flag
 * evaluation, and code that cannot wait (a DogStatsD call) can read them too.
 */
export function followFlags<T extends Record<string, FlagValue>>(
  defaults: T,
  onChange: (values: Readonly<T>) => void = () => {},
): Readonly<T> {
  const values = { ...defaults };
  const refresh = async () => {
    const entries = await Promise.all(
      Object.entries(defaults).map(async ([key, fallback]) => [key, await evaluate(key, fallback)] as const),
    );
    Object.assign(values, Object.fromEntries(entries));
    onChange(values);
  };
  const client = flags();
  for (const event of [ProviderEvents.Ready, ProviderEvents.ConfigurationChanged])
    client.addHandler(event, () => void refresh().catch(() => {}));
  return values;
}
