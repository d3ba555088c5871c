/**
 * Scenarios are data: what to send and how to pace it. One runner interprets them; new ones
 * are added to BUILTIN_SCENARIOS in scenarios.ts.
 */

/** A value drawn per request. */
export type Gen =
  | { int: [number, number] }
  | { float: [number, number]; decimals?: number }
  | { pick: string[] }
  | { unique: string }
  | string
  | number;

export interface RequestTemplate {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, Gen>;
  /** JSON body; for POST. */
  body?: Record<string, Gen>;
  /** `{username}@example.com` style references to other body fields. */
  derived?: Record<string, string>;
}

/** Pause after each request (or batch), in seconds, uniform in [min, max]. */
export interface Pause {
  min: number;
  max: number;
}

export type Step =
  /** `count` requests one after another; request i uses `requests[i % n]` (cycle) or a random one. */
  | {
      kind: 'sequence';
      count: number | { arg: string };
      requests: RequestTemplate[];
      order: 'cycle' | 'random';
      pause: Pause;
      progressEvery?: number;
    }
  /** For `seconds`, batches of `size` parallel requests picked at random, then a pause. */
  | {
      kind: 'batches';
      seconds: number | { arg: string };
      size: number;
      requests: RequestTemplate[];
      pause: Pause;
    }
  /** Another scenario, with its own arguments. */
  | { kind: 'scenario'; name: string; args: Record<string, number> };

export interface ScenarioArg {
  name: string;
  default: number;
  description: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Positional argument (count or seconds), e.g. `sustained 300`. */
  arg?: ScenarioArg;
  steps: Step[];
}
