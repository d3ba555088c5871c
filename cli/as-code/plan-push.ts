/**
 * What a push does to each file: create it, update the object that carries its key, or leave
 * an object that already says the same thing alone — so pushing twice changes nothing. Pure.
 */
export type PushAction<R> =
  | { kind: 'create'; key: string }
  | { kind: 'update'; key: string; remote: R }
  | { kind: 'unchanged'; key: string; remote: R };

/** Deep equality of what the file says, ignoring what the server adds (ids, dates, defaults). */
export function saysTheSame(local: unknown, remote: unknown): boolean {
  if (local === remote) return true;
  if (typeof local === 'number' && typeof remote === 'number') return local === remote;
  if (Array.isArray(local)) {
    return (
      Array.isArray(remote) &&
      local.length === remote.length &&
      local.every((v, i) => saysTheSame(v, remote[i]))
    );
  }
  if (local && typeof local === 'object') {
    if (!remote || typeof remote !== 'object') return false;
    return Object.entries(local).every(
      ([k, v]) => v === undefined || saysTheSame(v, (remote as Record<string, unknown>)[k]),
    );
  }
  return false;
}

export function planPush<R>(
  files: Array<{ key: string; json: Record<string, unknown> }>,
  remotes: R[],
  keyOf: (remote: R) => string | undefined,
  remoteJson: (remote: R) => unknown,
): Array<PushAction<R>> {
  const byKey = new Map<string, R>();
  for (const r of remotes) {
    const key = keyOf(r);
    if (key && !byKey.has(key)) byKey.set(key, r);
  }
  return files.map((f) => {
    const remote = byKey.get(f.key);
    if (!remote) return { kind: 'create', key: f.key };
    return saysTheSame(f.json, remoteJson(remote))
      ? { kind: 'unchanged', key: f.key, remote }
      : { kind: 'update', key: f.key, remote };
  });
}
