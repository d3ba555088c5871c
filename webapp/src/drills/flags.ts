/**
 * The drills' feature flags, through OpenFeature's server SDK: an in-memory provider loaded from
 * the flag file `ddw drill start` writes (DDWORKSHOP_FLAGS_FILE) and reloaded when it changes, so a
 * fault comes and goes without a restart. No file: every flag at its default (no fault).
 */
import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { InMemoryProvider, OpenFeature } from '@openfeature/server-sdk';

type FlagConfiguration = ConstructorParameters<typeof InMemoryProvider>[0];

import { logger } from '../logger.js';

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
