/**
 * Follows log files as the agent tails them: new lines from where it last read, a file that
 * appears later read from its start, one that shrinks (rotated or truncated) read again from
 * the start; partial lines wait for their end. Polls with stat/read, so it works the same on
 * Linux, macOS and Windows.
 */
import { open, readFile, rename, stat, writeFile } from 'node:fs/promises';

export interface TailedFile {
  path: string;
  service: string;
  source: string;
}

const MAX_READ = 1024 * 1024;

/** Where each file was read up to, kept across restarts as the agent keeps its registry.json. */
type Registry = Record<string, { offset: number }>;

async function readRegistry(file: string | undefined): Promise<Registry> {
  if (!file) return {};
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Registry) : {};
  } catch {
    return {};
  }
}

export function tailFiles(
  files: TailedFile[],
  onLine: (file: TailedFile, line: string) => void,
  intervalMs = 500,
  registryFile?: string,
) {
  const state = new Map<string, { offset: number; partial: string }>();
  let stopped = false;
  let running = false;
  let saved = '';

  /**
   * Where to start: where the registry says the last run stopped (lines written while the intake
   * was down are read then), or — a file never read — its end (an intake restart without a
   * registry would send old lines again).
   */
  async function startAt(path: string, registry: Registry): Promise<number> {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    const was = registry[path]?.offset;
    return typeof was === 'number' && was >= 0 && was <= size ? was : size;
  }

  async function saveRegistry(): Promise<void> {
    if (!registryFile) return;
    // A partial line is not yet sent: the next run reads it again from its start.
    const entries = [...state].map(([path, s]) => [
      path,
      { offset: s.offset - Buffer.byteLength(s.partial) },
    ]);
    const text = JSON.stringify(Object.fromEntries(entries));
    if (text === saved) return;
    // Written whole, then renamed: a crash mid-write never leaves half a registry.
    await writeFile(`${registryFile}.tmp`, text);
    await rename(`${registryFile}.tmp`, registryFile);
    saved = text;
  }

  async function poll(file: TailedFile): Promise<void> {
    let st: Awaited<ReturnType<typeof stat>>;
    try {
      st = await stat(file.path);
    } catch {
      return;
    }
    const s = state.get(file.path) ?? { offset: 0, partial: '' };
    if (st.size < s.offset) {
      s.offset = 0;
      s.partial = '';
    }
    if (st.size === s.offset) {
      state.set(file.path, s);
      return;
    }
    const length = Math.min(st.size - s.offset, MAX_READ);
    const handle = await open(file.path, 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, s.offset);
      s.offset += bytesRead;
      const text = s.partial + buf.subarray(0, bytesRead).toString('utf8');
      const lines = text.split('\n');
      s.partial = lines.pop() ?? '';
      // A line longer than a whole read is sent in pieces rather than held forever.
      if (s.partial.length > MAX_READ) {
        lines.push(s.partial);
        s.partial = '';
      }
      for (const line of lines) if (line.trim() !== '') onLine(file, line.replace(/\r$/, ''));
    } finally {
      await handle.close();
      state.set(file.path, s);
    }
  }

  const ready = readRegistry(registryFile).then((registry) =>
    Promise.all(
      files.map(async (f) => state.set(f.path, { offset: await startAt(f.path, registry), partial: '' })),
    ),
  );
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    ready
      .then(() => Promise.all(files.map((f) => poll(f).catch(() => {}))))
      .then(() => saveRegistry().catch(() => {}))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    ready,
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}

/** `INTAKE_LOG_FILES`: a JSON list of {path, service, source}; anything else is refused with the reason. */
export function parseLogFiles(raw: string | undefined): TailedFile[] {
  if (!raw) return [];
  const list = JSON.parse(raw) as unknown;
  if (!Array.isArray(list))
    throw new Error('INTAKE_LOG_FILES must be a JSON list of {path, service, source}');
  return list.map((f: Record<string, unknown>) => {
    if (typeof f?.path !== 'string' || typeof f.service !== 'string' || typeof f.source !== 'string')
      throw new Error('INTAKE_LOG_FILES entries need path, service and source');
    return { path: f.path, service: f.service, source: f.source };
  });
}
