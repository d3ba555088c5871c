import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../compose/build-model.js';
import { LABEL } from './container-spec.js';
import { portHolders } from './docker-runtime.js';

const COMPOSE = `services:
  webapp:
    image: w
    ports: ["127.0.0.1:3001:3001"]
  datadog:
    image: gcr.io/datadoghq/agent:7
    profiles: [datadog]
    ports: ["127.0.0.1:8126:8126", "127.0.0.1:8125:8125/udp"]
  intake:
    image: i
    profiles: [offline]
    ports: ["127.0.0.1:8126:8126", "127.0.0.1:8125:8125/udp"]
`;

const container = (service: string, ports: Array<[number, string]>): Docker.ContainerInfo =>
  ({
    Id: service,
    Names: [`/${service}`],
    Labels: { [LABEL.service]: service },
    Ports: ports.map(([PublicPort, Type]) => ({
      PublicPort,
      PrivatePort: PublicPort,
      Type,
      IP: '127.0.0.1',
    })),
  }) as unknown as Docker.ContainerInfo;

describe('switching modes on Docker', () => {
  it('finds the other mode’s service holding the ports this mode publishes', () => {
    const datadog = buildModel(COMPOSE, {
      file: 'docker-compose.yml',
      projectDir: '/w',
      env: {},
      profiles: ['datadog'],
    });
    const running = [
      container('webapp', [[3001, 'tcp']]),
      container('intake', [
        [8126, 'tcp'],
        [8125, 'udp'],
      ]),
    ];
    expect(portHolders(datadog, running).map((c) => c.Id)).toEqual(['intake']);
  });

  it('leaves the model’s own services and port-less strangers alone', () => {
    const offline = buildModel(COMPOSE, {
      file: 'docker-compose.yml',
      projectDir: '/w',
      env: {},
      profiles: ['offline'],
    });
    const running = [
      container('intake', [[8126, 'tcp']]),
      container('old-tool', [[9999, 'tcp']]),
      container('webapp', []),
    ];
    expect(portHolders(offline, running)).toEqual([]);
  });
});
