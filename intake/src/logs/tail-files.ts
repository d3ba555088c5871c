/**
 * Follows log files as the agent tails them: new lines from where it last read, a file that
 * appears later read from its start, one that shrinks (rotated or truncated) read again from
 * the start; partial lines wait for their end. Polls with stat/read, so it works the same on
 * Linux, macOS and Windows.
 */
import { open, stat } from 'node:fs/promises';

export interface TailedFile {
  path: string;
  service: string;
  source: string;
}

const MAX_READ = 1024 * 1024;

export function tailFiles(
  files: TailedFile[],
  onLine: (file: TailedFile, line: string) => void,
  intervalMs = 500,
) {
  const state = new Map<string, { offset: number; partial: string }>();
  let stopped = false;
  let running = false;

  async function startAt(path: string): Promise<number> {
    // Lines written before the intake started are not sent again (an intake restart would duplicate them).
    return stat(path).then(
      (s) => s.size,
      () => 0,
    );
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

  const ready = Promise.all(
    files.map(async (f) => state.set(f.path, { offset: await startAt(f.path), partial: '' })),
  );
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    ready
      .then(() => Promise.all(files.map((f) => poll(f).catch(() => {}))))
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
