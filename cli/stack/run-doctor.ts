/** `ddworkshop doctor`: everything that commonly goes wrong, each with what to do about it. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import { CLI, cmd } from '../base/command.js';
import { loadConfig } from '../config/load-config.js';
import { PORT_VARS, type WorkshopConfig, type WorkshopPorts } from '../config/workshop-config.js';
import { validateApiKey } from '../datadog/validate-key.js';
import { connectDocker } from '../docker/docker-runtime.js';
import { portFree } from '../local/ports.js';
import { folderAdvice, probeWritable } from '../platform/folder-access.js';
import type { ServiceStatus } from '../runtime/runtime.js';
import { rememberedRuntime } from '../runtime/select-runtime.js';
import { renderCheck } from '../ui/check-line.js';
import { stackContext } from './stack-context.js';

export interface Finding {
  check: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
  remedy?: string;
}

/** The Node versions package.json's `engines` accepts: one place says what the workshop needs. */
async function nodeRequirement(): Promise<string> {
  // dist/cli/stack when built, cli/stack under tsx: package.json is two or three folders up.
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(await readFile(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        engines?: { node?: string };
      };
      if (pkg.name === 'ddworkshop' && pkg.engines?.node) return pkg.engines.node;
    } catch {}
  }
  return '>=20.19.0';
}

/** Does this Node satisfy the requirement? Pure. */
export function nodeFinding(version: string, range: string): Finding {
  return semver.satisfies(version, range)
    ? { check: 'Node.js', level: 'ok', detail: version }
    : {
        check: 'Node.js',
        level: 'fail',
        detail: `${version} does not satisfy ${range} (package.json engines)`,
        remedy: `Install a Node.js that does: ${range.replaceAll(' || ', ', or ')}.`,
      };
}

/** What this folder's stack looks like now: the services its runtime reports, if it was ever started. */
interface Seen {
  stack?: ServiceStatus[];
}

type Check = (config: WorkshopConfig, seen: Seen) => Promise<Finding[]>;

async function stackNow(config: WorkshopConfig): Promise<ServiceStatus[] | undefined> {
  const runtime = rememberedRuntime(config.stateDir);
  if (!runtime) return undefined;
  try {
    const ctx = await stackContext({ runtime, offline: config.mode === 'offline' });
    return await ctx.runtime.status(ctx.model);
  } catch {
    return undefined;
  }
}

/** `3001/tcp`: the host ports the running services hold. */
function heldPorts(stack: ServiceStatus[] | undefined): Set<string> {
  const held = new Set<string>();
  for (const s of stack ?? []) {
    if (s.state !== 'running') continue;
    for (const p of s.ports) held.add(`${p.hostPort}/${p.protocol}`);
  }
  return held;
}

const nodeCheck: Check = async () => [nodeFinding(process.versions.node, await nodeRequirement())];

const dockerCheck: Check = async () => {
  const docker = await connectDocker();
  return [
    docker.ok
      ? { check: 'Docker engine', level: 'ok', detail: 'answers' }
      : {
          check: 'Docker engine',
          level: 'warn',
          detail: `${docker.reason}: the local runtime will be used`,
          remedy: docker.next,
        },
  ];
};

const PROTOCOLS: Record<keyof WorkshopPorts, 'tcp' | 'udp'> = {
  webapp: 'tcp',
  postgres: 'tcp',
  dogstatsd: 'udp',
  trace: 'tcp',
  intakeApi: 'tcp',
};

const portsCheck: Check = async (config, seen) => {
  // A port the stack's own running services hold is in use as it should be; only strangers count.
  const ours = heldPorts(seen.stack);
  let held = 0;
  const taken: Finding[] = [];
  for (const [name, port] of Object.entries(config.ports) as [keyof WorkshopPorts, number][]) {
    if (ours.has(`${port}/${PROTOCOLS[name]}`)) {
      held++;
      continue;
    }
    if (await portFree(port, PROTOCOLS[name])) continue;
    taken.push({
      check: `port ${port}/${PROTOCOLS[name]}`,
      level: 'fail',
      detail: `taken (needed for ${name})`,
      remedy: `Stop what uses it, or set ${PORT_VARS[name]}=<free port> in .env.`,
    });
  }
  if (taken.length) return taken;
  return [
    {
      check: 'ports',
      level: 'ok',
      detail: held ? 'free, or held by the stack itself' : `${Object.values(config.ports).join(', ')} free`,
    },
  ];
};

/** A stack that runs in part is broken: a service that died is named, with how to bring it back. */
const stackCheck: Check = async (_config, seen) => {
  const stack = seen.stack;
  if (!stack) return [];
  if (!stack.some((s) => s.state === 'running'))
    return [{ check: 'stack', level: 'ok', detail: `not running (${cmd('up')} starts it)` }];
  const broken = stack.filter((s) => s.state !== 'running' || s.health === 'unhealthy');
  if (broken.length === 0)
    return [{ check: 'stack', level: 'ok', detail: `${stack.length} services running` }];
  return broken.map((s) => ({
    check: `service ${s.service}`,
    level: 'fail' as const,
    detail: s.state === 'running' ? 'running but unhealthy' : `${s.state} while the rest of the stack runs`,
    remedy: `${cmd('up')} brings it back; ${cmd(`logs ${s.service}`)} shows why it stopped.`,
  }));
};

/** The file mode check: Windows has no such modes (Node reports 0666), so say what protects it there. */
export function envPermissionFinding(
  os: NodeJS.Platform,
  mode: number,
  envFile: string,
): Finding | undefined {
  if (os === 'win32')
    return {
      check: '.env permissions',
      level: 'ok',
      detail:
        'Windows: protected by your user folder’s access list (file modes do not apply); keep the workshop inside your user folder',
    };
  if (!(mode & 0o077)) return undefined;
  return {
    check: '.env permissions',
    level: 'warn',
    detail: `mode ${mode.toString(8)}: others can read your keys`,
    remedy: `chmod 600 ${envFile}`,
  };
}

const folderCheck: Check = async (config) => {
  const denied = [config.projectDir, config.stateDir]
    .map((folder) => ({ folder, code: probeWritable(folder) }))
    .find((f) => f.code !== undefined);
  if (!denied) return [{ check: 'workshop folder', level: 'ok', detail: 'writable' }];
  const advice = folderAdvice(process.platform, denied.folder, denied.code);
  return [{ check: 'workshop folder', level: 'fail', detail: advice.message, remedy: advice.next }];
};

const envFileCheck: Check = async (config) => {
  const envFile = join(config.projectDir, '.env');
  if (!existsSync(envFile))
    return [
      { check: '.env', level: 'ok', detail: `none: offline mode (${CLI} setup writes one for Datadog mode)` },
    ];
  const found: Finding[] = [];
  const permissions = envPermissionFinding(process.platform, statSync(envFile).mode & 0o777, envFile);
  if (permissions?.level === 'warn') found.push(permissions);
  const ignore = existsSync(join(config.projectDir, '.gitignore'))
    ? readFileSync(join(config.projectDir, '.gitignore'), 'utf8')
    : '';
  if (!/^\.env$/m.test(ignore))
    found.push({
      check: '.env in git',
      level: 'warn',
      detail: '.env is not in .gitignore',
      remedy: 'Add a line `.env` to .gitignore so keys are never committed.',
    });
  for (const w of config.warnings) found.push({ check: '.env', level: 'warn', detail: w });
  if (found.length) return found;
  return [
    {
      check: '.env',
      level: 'ok',
      detail: `${permissions ? 'git-ignored' : 'readable only by you, git-ignored'}`,
    },
    ...(permissions ? [permissions] : []),
  ];
};

const keysCheck: Check = async (config) => {
  if (config.mode !== 'datadog' || !config.apiKey)
    return [{ check: 'mode', level: 'ok', detail: 'offline (local intake)' }];
  const check = await validateApiKey({
    apiKey: config.apiKey,
    site: config.site,
    ...(config.apiProxyUrl ? { proxyUrl: config.apiProxyUrl } : {}),
  });
  const found: Finding[] = [
    check.valid
      ? { check: 'API key', level: 'ok', detail: `valid for ${config.site}` }
      : {
          check: 'API key',
          level: 'fail',
          detail: check.reason ?? 'invalid',
          remedy: `Run \`${CLI} setup\` to enter it again.`,
        },
  ];
  if (!config.appKey)
    found.push({
      check: 'application key',
      level: 'warn',
      detail: 'DD_APP_KEY is missing: `verify` cannot query Datadog',
      remedy: `Create one under Organization settings → Application keys and run \`${CLI} setup\`.`,
    });
  return found;
};

/** Free space where the workshop keeps its data: a database cannot start on a full disk. Pure. */
export function diskFinding(freeBytes: number, folder: string): Finding {
  const gb = freeBytes / 1024 ** 3;
  const detail = `${gb.toFixed(1)} GB free in ${folder}`;
  if (freeBytes < 200 * 1024 ** 2)
    return {
      check: 'disk',
      level: 'fail',
      detail: `${detail}: PostgreSQL and the logs cannot write`,
      remedy:
        'Free some space on that disk (docker system prune removes unused images), then run the command again.',
    };
  if (gb < 2)
    return {
      check: 'disk',
      level: 'warn',
      detail,
      remedy: 'Images and data need about 2 GB: free some space (docker system prune).',
    };
  return { check: 'disk', level: 'ok', detail };
}

const diskCheck: Check = async (config) => {
  // The workshop's own data folder: it may be on another filesystem than the project (a mount).
  const folder = existsSync(config.stateDir) ? config.stateDir : config.projectDir;
  try {
    const fs = await statfs(folder);
    return [diskFinding(fs.bavail * fs.bsize, folder)];
  } catch {
    return [];
  }
};

const runtimeCheck: Check = async (config) => {
  const remembered = rememberedRuntime(config.stateDir);
  return remembered
    ? [{ check: 'runtime', level: 'ok', detail: `the stack was last started on the ${remembered} runtime` }]
    : [];
};

/** What doctor looks at, in the order it prints them. */
const CHECKS: Check[] = [
  nodeCheck,
  folderCheck,
  dockerCheck,
  stackCheck,
  portsCheck,
  envFileCheck,
  keysCheck,
  diskCheck,
  runtimeCheck,
];

export async function diagnose(): Promise<Finding[]> {
  const config = await loadConfig();
  const seen: Seen = {};
  const stack = await stackNow(config);
  if (stack) seen.stack = stack;
  const findings: Finding[] = [];
  for (const check of CHECKS) findings.push(...(await check(config, seen)));
  return findings;
}

export async function doctor(options: { json?: boolean }): Promise<void> {
  const findings = await diagnose();
  if (options.json) process.stdout.write(`${JSON.stringify({ findings }, null, 2)}\n`);
  else {
    for (const f of findings)
      process.stdout.write(
        `${renderCheck({ level: f.level, title: f.check, detail: f.detail, ...(f.remedy ? { remedy: f.remedy } : {}) })}\n`,
      );
  }
  const failed = findings.find((f) => f.level === 'fail');
  const { reportToClass } = await import('../class/class-client.js');
  await reportToClass(await loadConfig(), {
    kind: 'doctor',
    passed: !failed,
    ...(failed ? { failure: { title: failed.check, message: failed.detail } } : {}),
  });
  if (failed) process.exitCode = 1;
}
