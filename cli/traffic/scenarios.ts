/** The workshop's scenarios, as the original generate_traffic.sh sent them, plus `purchase`. */
import type { RequestTemplate, Scenario } from './scenario-model.js';

const get = (path: string, query?: RequestTemplate['query']): RequestTemplate =>
  query ? { method: 'GET', path, query } : { method: 'GET', path };

const createUser: RequestTemplate = {
  method: 'POST',
  path: '/users',
  body: { username: { unique: 'user' } },
  derived: { email: '{username}@example.com' },
};

/** The eight targets of `quick`, in the original's order. */
const QUICK_TARGETS: RequestTemplate[] = [
  get('/health'),
  get('/users'),
  createUser,
  get('/delay', { seconds: { int: [0, 3] } }),
  get('/error', { rate: { int: [0, 99] } }),
  get('/cpu-intensive', { iterations: { int: [10_000, 59_999] } }),
  get('/memory-usage', { size: { int: [5, 24] } }),
  get('/database-query', { type: { pick: ['simple', 'complex'] } }),
];

const SUSTAINED_TARGETS: RequestTemplate[] = [
  get('/'),
  get('/health'),
  get('/users'),
  get('/delay', { seconds: 0.5 }),
  get('/error', { rate: 20 }),
  get('/database-query', { type: 'simple' }),
  get('/database-query', { type: 'complex' }),
];

const n = (def: number, what = 'requests') => ({
  name: 'count',
  default: def,
  description: `number of ${what}`,
});

export const BUILTIN_SCENARIOS: Scenario[] = [
  {
    name: 'quick',
    description: '50 requests in turn over every endpoint, 0.1–2 s apart',
    steps: [
      {
        kind: 'sequence',
        count: 50,
        requests: QUICK_TARGETS,
        order: 'cycle',
        pause: { min: 0.1, max: 2.0 },
        progressEvery: 10,
      },
    ],
  },
  {
    name: 'sustained',
    description: 'batches of 5 parallel requests, 0.5 s apart, for N seconds (about 5 req/s)',
    arg: { name: 'seconds', default: 300, description: 'how long to run' },
    steps: [
      {
        kind: 'batches',
        seconds: { arg: 'seconds' },
        size: 5,
        requests: SUSTAINED_TARGETS,
        pause: { min: 0.5, max: 0.5 },
      },
    ],
  },
  {
    name: 'errors',
    description: '20 × /error?rate=80 (0.2 s apart), then 10 × /nonexistent (0.1 s apart)',
    steps: [
      {
        kind: 'sequence',
        count: 20,
        requests: [get('/error', { rate: 80 })],
        order: 'cycle',
        pause: { min: 0.2, max: 0.2 },
      },
      {
        kind: 'sequence',
        count: 10,
        requests: [get('/nonexistent')],
        order: 'cycle',
        pause: { min: 0.1, max: 0.1 },
      },
    ],
  },
  {
    name: 'full',
    description: 'quick-style 30 requests, then errors, then sustained 120',
    steps: [
      {
        kind: 'sequence',
        count: 30,
        requests: QUICK_TARGETS,
        order: 'cycle',
        pause: { min: 0.1, max: 2.0 },
        progressEvery: 10,
      },
      { kind: 'scenario', name: 'errors', args: {} },
      { kind: 'scenario', name: 'sustained', args: { seconds: 120 } },
    ],
  },
  {
    name: 'cpu',
    description: 'CPU-heavy requests (50k–150k iterations), 2 s apart',
    arg: n(10),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/cpu-intensive', { iterations: { int: [50_000, 150_000] } })],
        order: 'cycle',
        pause: { min: 2, max: 2 },
      },
    ],
  },
  {
    name: 'memory',
    description: 'memory allocations of 10–59 MB, 1 s apart',
    arg: n(10),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/memory-usage', { size: { int: [10, 59] } })],
        order: 'cycle',
        pause: { min: 1, max: 1 },
      },
    ],
  },
  {
    name: 'database',
    description: 'database queries, simple and complex in turn, 0.5 s apart',
    arg: n(10),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/database-query', { type: 'simple' }), get('/database-query', { type: 'complex' })],
        order: 'cycle',
        pause: { min: 0.5, max: 0.5 },
      },
    ],
  },
  {
    name: 'delay',
    description: 'slow requests of 0.5–5.5 s, 0.3 s apart',
    arg: n(10),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/delay', { seconds: { float: [0.5, 5.5], decimals: 1 } })],
        order: 'cycle',
        pause: { min: 0.3, max: 0.3 },
      },
    ],
  },
  {
    name: 'users',
    description: 'user listings, every 3rd request a new user, 0.3 s apart',
    arg: n(10),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/users'), get('/users'), createUser],
        order: 'cycle',
        pause: { min: 0.3, max: 0.3 },
      },
    ],
  },
  {
    name: 'error-test',
    description: 'requests to /error with a 20–99% error rate, 0.3 s apart',
    arg: n(30),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [get('/error', { rate: { int: [20, 99] } })],
        order: 'cycle',
        pause: { min: 0.3, max: 0.3 },
      },
    ],
  },
  {
    name: 'shop',
    description:
      'product pages: purchase histories of random products (GET /purchases) with user listings, batches of 5 every 0.5 s, for N seconds (lesson 9)',
    arg: { name: 'seconds', default: 60, description: 'how long to run' },
    steps: [
      {
        kind: 'batches',
        seconds: { arg: 'seconds' },
        size: 5,
        requests: [
          get('/purchases', { product_id: { int: [1, 1000] } }),
          get('/purchases', { product_id: { int: [1, 1000] } }),
          get('/users'),
        ],
        pause: { min: 0.5, max: 0.5 },
      },
    ],
  },
  {
    name: 'purchase',
    description:
      'POST /purchase with random users, products 1–10, quantities 1–5, prices 5–105 USD, 1 s apart (lessons 2–5)',
    arg: n(20, 'purchases'),
    steps: [
      {
        kind: 'sequence',
        count: { arg: 'count' },
        requests: [
          {
            method: 'POST',
            path: '/purchase',
            body: {
              user_id: { int: [1, 50] },
              product_id: { int: [1, 10] },
              quantity: { int: [1, 5] },
              price: { float: [5, 104.99], decimals: 2 },
            },
          },
        ],
        order: 'cycle',
        pause: { min: 1, max: 1 },
      },
    ],
  },
];

const registry: ReadonlyMap<string, Scenario> = new Map(BUILTIN_SCENARIOS.map((s) => [s.name, s]));

export function findScenario(name: string): Scenario | undefined {
  return registry.get(name);
}

export function listScenarios(): Scenario[] {
  return [...registry.values()];
}
