/** Start order: services grouped in waves, each wave depending only on earlier ones. Pure. */
import type { ProjectModel } from './model.js';

export function dependencyWaves(model: ProjectModel, services?: string[]): string[][] {
  const wanted = new Set<string>();
  const visit = (name: string, trail: string[]) => {
    if (trail.includes(name)) throw new Error(`dependency cycle: ${[...trail, name].join(' -> ')}`);
    const service = model.services[name];
    if (!service)
      throw new Error(`no service "${name}" (active services: ${Object.keys(model.services).join(', ')})`);
    if (wanted.has(name)) return;
    for (const dep of Object.keys(service.dependsOn)) {
      if (model.services[dep]) visit(dep, [...trail, name]);
    }
    wanted.add(name);
  };
  for (const name of services ?? Object.keys(model.services)) visit(name, []);

  const waves: string[][] = [];
  const placed = new Set<string>();
  while (placed.size < wanted.size) {
    const wave = [...wanted].filter(
      (name) =>
        !placed.has(name) &&
        Object.keys(model.services[name]?.dependsOn ?? {}).every((d) => placed.has(d) || !model.services[d]),
    );
    if (wave.length === 0)
      throw new Error(`dependency cycle among: ${[...wanted].filter((n) => !placed.has(n)).join(', ')}`);
    wave.sort();
    for (const name of wave) placed.add(name);
    waves.push(wave);
  }
  return waves;
}
