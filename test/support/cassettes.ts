/**
 * Datadog's recorded API exchanges (HAR files from datadog-api-client-typescript's `cassettes/`,
 * Apache-2.0, vendored under test/fixtures/cassettes with their LICENSE and NOTICE).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const CASSETTES = resolve(import.meta.dirname, '../fixtures/cassettes');

export interface Exchange {
  /** The recording's folder under CASSETTES, e.g. `v2/Spans_…/Search-spans-returns-OK-response_…`. */
  recording: string;
  method: string;
  url: URL;
  requestText: string;
  status: number;
  responseText: string;
}

interface Har {
  log: {
    entries: Array<{
      request: { method: string; url: string; postData?: { text?: string } };
      response: { status: number; content: { text?: string } };
    }>;
  };
}

function harFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? harFiles(join(dir, e.name)) : e.name === 'recording.har' ? [join(dir, e.name)] : [],
  );
}

/** Every exchange recorded under `under` (a path below CASSETTES, e.g. `v2/Spans_3419372246`). */
export function recordedExchanges(under = ''): Exchange[] {
  return harFiles(join(CASSETTES, under)).flatMap((file) => {
    const har = JSON.parse(readFileSync(file, 'utf8')) as Har;
    const recording = relative(CASSETTES, file).split(/[\\/]/).slice(0, -1).join('/');
    return har.log.entries.map((e) => ({
      recording,
      method: e.request.method,
      url: new URL(e.request.url),
      requestText: e.request.postData?.text ?? '',
      status: e.response.status,
      responseText: e.response.content.text ?? '',
    }));
  });
}

/** The one exchange of a recording whose folder name starts with `name`. */
export function recordedExchange(under: string, name: string): Exchange {
  const found = recordedExchanges(under).find((e) => e.recording.split('/').at(-1)?.startsWith(name));
  if (!found) throw new Error(`no recording ${name} under ${under}`);
  return found;
}
