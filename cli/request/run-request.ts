/** `request`: one request to the webapp, its status and body printed as curl -i would show them. */

import { CLI } from '../base/command.js';
import { UserError } from '../base/user-error.js';
import { loadConfig } from '../config/load-config.js';
import { fetchWithin } from '../util/fetch-within.js';
import { planRequest } from './request-body.js';

export async function runRequest(
  method: string,
  path: string,
  fields: string[],
  options: { target?: string; json?: boolean },
): Promise<void> {
  const plan = planRequest(method, path, fields);
  const base = options.target ?? (await loadConfig()).webappUrl;
  const url = new URL(plan.path, base);
  const response = await fetchWithin(url, 30_000, {
    method: plan.method,
    ...(plan.body
      ? { body: JSON.stringify(plan.body), headers: { 'content-type': 'application/json' } }
      : {}),
  }).catch((error: Error) => {
    // The path as typed, not percent-encoded: the student recognises what they sent.
    throw new UserError(
      `${plan.method} ${base.replace(/\/$/, '')}${plan.path} failed: ${error.message}`,
      `Is the stack up? ${CLI} status`,
    );
  });
  const text = await response.text();
  if (options.json) {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    process.stdout.write(`${JSON.stringify({ status: response.status, body })}\n`);
  } else {
    process.stdout.write(
      `HTTP ${response.status} ${response.statusText}\n${text}${text.endsWith('\n') ? '' : '\n'}`,
    );
  }
}
