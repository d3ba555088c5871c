/**
 * Where a process's CPU went, from a V8 `.cpuprofile` (node --cpu-prof): self time grouped by
 * npm package (or Node's own modules, the garbage collector, idle), largest first.
 */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

export function ownerOf(url: string, functionName: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) return 'node (http, streams, events…)';
  if (url) return 'webapp';
  // V8's pseudo-frames: (garbage collector), (idle), (program); native calls such as writev.
  return functionName.startsWith('(') ? functionName : 'native (writev, …)';
}

/** Shares of the busy time: (idle) is left out, the process was waiting for work. */
export function selfTimeByOwner(profile: CpuProfile): { owner: string; share: number }[] {
  const nodeOwner = new Map(
    profile.nodes.map((n) => [n.id, ownerOf(n.callFrame.url, n.callFrame.functionName)]),
  );
  const byOwner = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const owner = nodeOwner.get(id) ?? '?';
    if (owner === '(idle)') return;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
    total += micros;
  });
  return [...byOwner]
    .map(([owner, micros]) => ({ owner, share: total ? micros / total : 0 }))
    .sort((a, b) => b.share - a.share);
}
