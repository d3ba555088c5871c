/**
 * A throwaway copy of the workshop for tests that run the CLI against it: the compose file,
 * its config folders and the lessons copied; the built intake linked; the webapp copied
 * (lessons change it) or linked. Ports moved off the defaults.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, freeUdpPort } from './free-port.js';

export const repo = resolve(import.meta.dirname, '../..');

export interface ProjectCopy {
  dir: string;
  env: Record<string, string>;
  ports: { webapp: number; postgres: number; dogstatsd: number; trace: number; api: number };
  remove(): void;
}

export async function copyProject({ copyWebapp = false } = {}): Promise<ProjectCopy> {
  const dir = mkdtempSync(join(tmpdir(), 'ddw-project-'));
  cpSync(join(repo, 'docker-compose.yml'), join(dir, 'docker-compose.yml'));
  cpSync(join(repo, 'docker'), join(dir, 'docker'), { recursive: true });
  cpSync(join(repo, 'lessons'), join(dir, 'lessons'), { recursive: true });
  cpSync(join(repo, 'tsconfig.base.json'), join(dir, 'tsconfig.base.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(repo, 'intake'), join(dir, 'intake'));
  if (copyWebapp) {
    mkdirSync(join(dir, 'webapp'));
    for (const f of [
      'src',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.docker.json',
      'Dockerfile',
      '.dockerignore',
    ]) {
      cpSync(join(repo, 'webapp', f), join(dir, 'webapp', f), { recursive: true });
    }
  } else symlinkSync(join(repo, 'webapp'), join(dir, 'webapp'));
  const ports = {
    webapp: await freePort(),
    postgres: await freePort(),
    dogstatsd: await freeUdpPort(),
    trace: await freePort(),
    api: await freePort(),
  };
  return {
    dir,
    ports,
    env: {
      WEBAPP_PORT: String(ports.webapp),
      POSTGRES_PORT: String(ports.postgres),
      DD_DOGSTATSD_PORT: String(ports.dogstatsd),
      DD_TRACE_AGENT_PORT: String(ports.trace),
      INTAKE_API_PORT: String(ports.api),
      DDWORKSHOP_OFFLINE: '1',
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
