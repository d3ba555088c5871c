/**
 * The intake's postgres check is the real agent's instance offline: the same instance tags and
 * `relations:` as docker/datadog/postgres.d/conf.yaml, which the agent runs in Datadog mode.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { POSTGRES_INSTANCE_TAGS } from '../../intake/src/checks/postgres-check.js';

const repo = resolve(import.meta.dirname, '../..');
const conf = parse(readFileSync(join(repo, 'docker/datadog/postgres.d/conf.yaml'), 'utf8')) as {
  instances: Array<{ tags?: string[]; relations?: string[] }>;
};

describe('the postgres check’s instance', () => {
  it('carries the agent configuration’s instance tags', () => {
    expect(POSTGRES_INSTANCE_TAGS).toEqual(conf.instances[0]?.tags);
  });

  it('reads the agent configuration’s relations (INTAKE_POSTGRES_RELATIONS in the compose file)', () => {
    const compose = readFileSync(join(repo, 'docker-compose.yml'), 'utf8');
    const relations = /INTAKE_POSTGRES_RELATIONS:\s*['"]?([\w,]+)/.exec(compose)?.[1]?.split(',');
    expect(relations).toEqual(conf.instances[0]?.relations);
  });
});
