import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../compose/build-model.js';
import { localEnvironment, portLabels, roleOf } from './service-env.js';

const repo = resolve(import.meta.dirname, '../..');
const model = buildModel(readFileSync(resolve(repo, 'docker-compose.yml'), 'utf8'), {
  file: 'docker-compose.yml',
  projectDir: repo,
  env: {
    WEBAPP_PORT: '4001',
    POSTGRES_PORT: '6543',
    DD_DOGSTATSD_PORT: '9125',
    DD_TRACE_AGENT_PORT: '9126',
    INTAKE_API_PORT: '9127',
  },
  profiles: ['offline'],
});

describe('the environment of a local process', () => {
  it('points the webapp at 127.0.0.1 and the published ports, and leaves names that are not hosts alone', () => {
    expect(localEnvironment(model, model.services.webapp!)).toMatchObject({
      PORT: '4001',
      DB_HOST: '127.0.0.1',
      DB_PORT: '6543',
      DB_NAME: 'postgres',
      DD_AGENT_HOST: '127.0.0.1',
      DD_TRACE_AGENT_PORT: '9126',
      DD_DOGSTATSD_PORT: '9125',
    });
  });

  it('binds the intake to loopback on the published ports', () => {
    const env = localEnvironment(model, model.services.intake!);
    expect(env).toMatchObject({
      INTAKE_HOST: '127.0.0.1',
      INTAKE_DOGSTATSD_PORT: '9125',
      INTAKE_TRACE_PORT: '9126',
      INTAKE_API_PORT: '9127',
    });
    expect(env.INTAKE_IN_CONTAINER).toBeUndefined();
  });

  it('runs postgres, intake and webapp, and shows ports as docker ps does', () => {
    expect(Object.values(model.services).map(roleOf)).toEqual(['postgres', 'intake', 'webapp']);
    expect(portLabels(model.services.webapp!)).toEqual(['127.0.0.1:4001->3001/tcp']);
  });
});
