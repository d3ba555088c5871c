/**
 * The layers, as arrows that may only point down (dependency-cruiser; `npm run lint:layers`, and
 * test/unit/layers.test.ts in `npm test`). Bottom to top:
 *   cli:    base, platform, util → config, compose → runtime, docker, local, datadog → ui →
 *           the commands (stack < agent, and the rest) → main
 *   contracts (intake/contracts: wire types, page paths, the query grammar) under both
 *   intake: util → query → metrics, logs, traces' stores, monitors, dashboards, facets,
 *           database → checks → http → api, console, the trace receiver → index, main
 */
const CLI_COMMANDS =
  'agent|as-code|build|class|console|dashboards|database|drills|intake|lessons|metrics|monitors|request|stack|traffic|verify|main\\.ts';
const INTAKE_EDGES = 'api|http|console|index\\.ts|main\\.ts|agent-cli\\.ts|traces/trace-server\\.ts';

module.exports = {
  forbidden: [
    {
      name: 'cli-base-climbs',
      comment: 'base, platform and util are the floor: errors, the command name, the host, helpers.',
      severity: 'error',
      from: { path: '^cli/(base|platform|util)/' },
      to: { path: `^cli/(config|compose|runtime|docker|local|datadog|ui|${CLI_COMMANDS})` },
    },
    {
      name: 'cli-model-climbs',
      comment: 'configuration and the compose model know nothing of runtimes, presentation or commands.',
      severity: 'error',
      from: { path: '^cli/(config|compose)/' },
      to: { path: `^cli/(runtime|docker|local|datadog|ui|${CLI_COMMANDS})` },
    },
    {
      name: 'cli-runtime-climbs',
      comment:
        'runtimes and the Datadog layer report through errors and events, never through the presentation.',
      severity: 'error',
      from: { path: '^cli/(runtime|docker|local|datadog)/' },
      to: { path: `^cli/(ui|${CLI_COMMANDS})` },
    },
    {
      name: 'cli-ui-climbs',
      comment: 'presentation is used by the commands, not the other way round.',
      severity: 'error',
      from: { path: '^cli/ui/' },
      to: { path: `^cli/(${CLI_COMMANDS})` },
    },
    {
      name: 'cli-stack-below-agent',
      comment:
        'agent status and info use the stack; setup uses the agent status parser, which lives in stack/.',
      severity: 'error',
      from: { path: '^cli/stack/' },
      to: { path: '^cli/agent/' },
    },
    {
      name: 'intake-core-climbs',
      comment: 'stores, queries and checks know nothing of HTTP, the API or the console.',
      severity: 'error',
      from: {
        path: '^intake/src/(util|query|metrics|logs|monitors|dashboards|facets|database|checks|dogstatsd|traces/(?!trace-server))',
      },
      to: { path: `^intake/src/(${INTAKE_EDGES})` },
    },
    {
      name: 'intake-database-below-checks',
      comment: 'the postgres check uses the database code, not the other way round.',
      severity: 'error',
      from: { path: '^intake/src/database/' },
      to: { path: '^intake/src/checks/' },
    },
    {
      name: 'intake-util-floor',
      severity: 'error',
      from: { path: '^intake/src/util/' },
      to: { path: '^intake/src/(?!util/)' },
    },
    {
      name: 'contracts-floor',
      comment:
        'the wire contracts (#contracts) are read by the CLI, the intake and the console: they import none of them.',
      severity: 'error',
      from: { path: '^intake/contracts/' },
      to: { path: '^(cli|intake/src|intake/console|webapp|lessons)/' },
    },
    {
      name: 'no-circular',
      comment: 'a cycle between modules hides which one is the lower.',
      severity: 'error',
      from: { path: '^(cli|intake/src)/' },
      to: { circular: true, pathNot: '\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.test\\.ts$|/dist/|node_modules)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.check.json' },
  },
};
