/** Parsers for the service fields whose short and long forms differ. Each throws with its key path. */
import { isAbsolute, resolve } from 'node:path';
import { parseDuration } from '../util/duration.js';
import type { Dependency, DependsCondition, Healthcheck, PortMapping, VolumeMount } from './model.js';

export type Fail = (path: string, message: string) => never;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Splits a command string the way a POSIX shell would for simple quoting. */
export function shellSplit(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (c === '\\' && i + 1 < text.length) cur += text[++i];
    else if (/\s/.test(c)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (cur || any) out.push(cur);
  return out;
}

export function stringList(value: unknown, path: string, fail: Fail): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return shellSplit(value);
  if (Array.isArray(value))
    return value.map((v, i) =>
      typeof v === 'string' || typeof v === 'number' ? String(v) : fail(`${path}[${i}]`, 'expected a string'),
    );
  return fail(path, 'expected a string or a list of strings');
}

/** `environment`, `labels`, build `args`: a map or a list of KEY=VALUE (KEY alone takes the value from `env`). */
export function keyValues(
  value: unknown,
  path: string,
  fail: Fail,
  env: (k: string) => string | undefined = () => undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== 'string') fail(`${path}[${i}]`, 'expected KEY=VALUE');
      const eq = (item as string).indexOf('=');
      if (eq === 0) fail(`${path}[${i}]`, `"${item}" has no name`);
      if (eq < 0) {
        const v = env(item as string);
        if (v !== undefined) out[item as string] = v;
      } else out[(item as string).slice(0, eq)] = (item as string).slice(eq + 1);
    });
    return out;
  }
  if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (v === null || v === undefined) {
        const fromEnv = env(k);
        if (fromEnv !== undefined) out[k] = fromEnv;
      } else if (typeof v === 'object') fail(`${path}.${k}`, 'expected a string, number or boolean');
      else out[k] = String(v);
    }
    return out;
  }
  return fail(path, 'expected a map or a list of KEY=VALUE');
}

function portNumber(text: string, path: string, fail: Fail): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) fail(path, `"${text}" is not a port`);
  return n;
}

export function parsePorts(value: unknown, path: string, fail: Fail): PortMapping[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(path, 'expected a list');
  return value.flatMap((item, i): PortMapping[] => {
    const at = `${path}[${i}]`;
    if (isObject(item)) {
      const protocol = (item.protocol ?? 'tcp') as string;
      if (protocol !== 'tcp' && protocol !== 'udp') fail(`${at}.protocol`, 'expected tcp or udp');
      const target = portNumber(String(item.target ?? ''), `${at}.target`, fail);
      const mapping: PortMapping = { target, protocol: protocol as 'tcp' | 'udp' };
      if (item.published !== undefined && item.published !== '')
        mapping.published = portNumber(String(item.published), `${at}.published`, fail);
      if (typeof item.host_ip === 'string') mapping.hostIp = item.host_ip;
      return [mapping];
    }
    if (typeof item !== 'string' && typeof item !== 'number')
      return fail(at, 'expected "host:container" or a map');
    const text = String(item);
    const [spec = '', proto = 'tcp'] = text.split('/');
    if (proto !== 'tcp' && proto !== 'udp') fail(at, `"${text}": protocol must be tcp or udp`);
    const parts = spec.split(':');
    const container = parts.pop() ?? '';
    const published = parts.pop();
    const hostIp = parts.length ? parts.join(':').replace(/^\[|\]$/g, '') : undefined;
    const range = (t: string) => {
      if (!/^\d+(-\d+)?$/.test(t)) fail(at, `"${text}" is not a port`);
      const [a = '', b] = t.split('-');
      const from = portNumber(a, at, fail);
      const to = b === undefined ? from : portNumber(b, at, fail);
      if (to < from) fail(at, `"${text}": the range is reversed`);
      return Array.from({ length: to - from + 1 }, (_, k) => from + k);
    };
    const targets = range(container);
    const hosts = published ? range(published) : undefined;
    if (hosts && hosts.length !== targets.length)
      fail(at, `"${text}": the host and container ranges differ in size`);
    return targets.map((target, k) => {
      const m: PortMapping = { target, protocol: proto as 'tcp' | 'udp' };
      if (hosts) m.published = hosts[k];
      if (hostIp) m.hostIp = hostIp;
      return m;
    });
  });
}

export function parseVolumes(value: unknown, path: string, fail: Fail, workingDir: string): VolumeMount[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(path, 'expected a list');
  const hostPath = (p: string) => (p.startsWith('~') ? p : isAbsolute(p) ? p : resolve(workingDir, p));
  return value.map((item, i): VolumeMount => {
    const at = `${path}[${i}]`;
    if (isObject(item)) {
      const type = (item.type ?? 'volume') as string;
      if (!['volume', 'bind', 'tmpfs'].includes(type)) fail(`${at}.type`, 'expected volume, bind or tmpfs');
      if (typeof item.target !== 'string') fail(`${at}.target`, 'is required');
      const mount: VolumeMount = {
        type: type as VolumeMount['type'],
        target: item.target as string,
        readOnly: item.read_only === true,
      };
      if (typeof item.source === 'string')
        mount.source = type === 'bind' ? hostPath(item.source) : item.source;
      return mount;
    }
    if (typeof item !== 'string') return fail(at, 'expected "source:target[:ro]" or a map');
    const parts = item.split(':');
    if (parts.length === 1) return { type: 'volume', target: item, readOnly: false };
    const [source = '', target = '', mode = ''] = parts;
    if (!target.startsWith('/')) fail(at, `"${item}": the container path must be absolute`);
    const bind = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
    return {
      type: bind ? 'bind' : 'volume',
      source: bind ? hostPath(source) : source,
      target,
      readOnly: mode.split(',').includes('ro'),
    };
  });
}

const CONDITIONS = new Set<DependsCondition>([
  'service_started',
  'service_healthy',
  'service_completed_successfully',
]);

export function parseDependsOn(value: unknown, path: string, fail: Fail): Record<string, Dependency> {
  const out: Record<string, Dependency> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    for (const [i, name] of value.entries()) {
      if (typeof name !== 'string') fail(`${path}[${i}]`, 'expected a service name');
      out[name as string] = { condition: 'service_started', required: true, restart: false };
    }
    return out;
  }
  if (!isObject(value)) return fail(path, 'expected a list or a map');
  for (const [name, spec] of Object.entries(value)) {
    const s = (spec ?? {}) as Record<string, unknown>;
    const condition = (s.condition ?? 'service_started') as DependsCondition;
    if (!CONDITIONS.has(condition))
      fail(`${path}.${name}.condition`, `"${String(condition)}" is not one of ${[...CONDITIONS].join(', ')}`);
    out[name] = { condition, required: s.required !== false, restart: s.restart === true };
  }
  return out;
}

export function parseHealthcheck(value: unknown, path: string, fail: Fail): Healthcheck | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) return fail(path, 'expected a map');
  const duration = (key: string, fallback: number) => {
    const raw = value[key];
    if (raw === undefined) return fallback;
    const ms = parseDuration(raw);
    if (ms === undefined)
      fail(`${path}.${key}`, `"${String(raw)}" is not a duration (e.g. 2s, 1m30s, 500ms)`);
    return ms as number;
  };
  let test: string[] = [];
  const raw = value.test;
  if (typeof raw === 'string') test = ['CMD-SHELL', raw];
  else if (Array.isArray(raw)) {
    test = raw.map(String);
    if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0] ?? ''))
      fail(`${path}.test`, 'a list must start with CMD, CMD-SHELL or NONE');
  } else if (raw !== undefined) fail(`${path}.test`, 'expected a string or a list');
  const disable = value.disable === true || test[0] === 'NONE';
  if (!disable && test.length === 0) fail(`${path}.test`, 'is required unless disable: true');
  const retries = value.retries ?? 3;
  if (!Number.isInteger(retries) || (retries as number) < 0)
    fail(`${path}.retries`, 'expected a whole number');
  const hc: Healthcheck = {
    test: disable ? ['NONE'] : test,
    intervalMs: duration('interval', 30_000),
    timeoutMs: duration('timeout', 30_000),
    retries: retries as number,
    startPeriodMs: duration('start_period', 0),
    disable,
  };
  if (value.start_interval !== undefined) hc.startIntervalMs = duration('start_interval', 5_000);
  return hc;
}
