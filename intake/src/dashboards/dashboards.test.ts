import { describe, expect, it } from 'vitest';
import { createDashboardStore, dashboardJson } from './dashboard-store.js';
import { DashboardError, validateDashboard } from './validate-dashboard.js';

const widget = (definition: object) => ({ definition });
const good = {
  title: 'Business',
  layout_type: 'ordered',
  widgets: [
    widget({ type: 'note', content: 'hi' }),
    widget({ type: 'timeseries', requests: [{ q: 'avg:cpu{*} by {host}' }] }),
    widget({
      type: 'group',
      layout_type: 'ordered',
      widgets: [
        widget({
          type: 'query_value',
          requests: [
            {
              queries: [{ data_source: 'metrics', name: 'a', query: 'sum:x{*}', aggregator: 'sum' }],
              formulas: [{ formula: 'a * 100' }],
            },
          ],
        }),
      ],
    }),
  ],
};

describe('dashboard validation', () => {
  it('accepts Datadog’s dashboard JSON, groups and formulas included', () => {
    expect(() => validateDashboard(good)).not.toThrow();
    expect(() =>
      validateDashboard({
        ...good,
        widgets: [widget({ type: 'timeseries', requests: [{ q: 'sum:a{*} / sum:b{*}' }] })],
      }),
    ).not.toThrow();
  });
  it('answers Datadog’s reasons, naming the widget', () => {
    const cases: Array<[object, string]> = [
      // Required; "" is a title (Datadog's recorded exchanges create one).
      [{ ...good, title: undefined }, "'title' is required"],
      [
        { ...good, widgets: [widget({ type: 'timeseries', requests: [], sparkle: 1 })] },
        "Invalid widget definition at position 0 of type timeseries. Error: Additional properties are not allowed ('sparkle' was unexpected)",
      ],
      [
        { ...good, widgets: [widget({ type: 'timeseries' })] },
        "Invalid widget definition at position 0 of type timeseries. Error: 'requests' is a required property",
      ],
      [
        {
          ...good,
          widgets: [
            widget({
              type: 'group',
              layout_type: 'ordered',
              widgets: [widget({ type: 'group', layout_type: 'ordered', widgets: [] })],
            }),
          ],
        },
        'Error: a group widget cannot hold another group',
      ],
      [
        { ...good, template_variables: [{ name: 'host', default: 'a', defaults: ['a'] }] },
        "'template_variables' is invalid",
      ],
      [{ ...good, layout_type: 'grid' }, "'layout_type' is invalid"],
      [{ ...good, tags: ['env:prod'] }, 'Invalid tag format. Valid tag keys are: team.'],
      [
        { ...good, widgets: [widget({ type: 'sparkles' })] },
        'widgets[0].definition: invalid widget type "sparkles"',
      ],
      [
        { ...good, widgets: [widget({ type: 'timeseries', requests: [{ q: 'avg:cpu{*' }] })] },
        'widgets[0].definition.requests[0].q',
      ],
      [
        {
          ...good,
          widgets: [
            widget({
              type: 'timeseries',
              requests: [{ queries: [{ name: 'a', query: 'avg:x{*}' }], formulas: [{ formula: 'a / b' }] }],
            }),
          ],
        },
        'formulas[0]: b is not one of the request',
      ],
      [{ ...good, widgets: 'nope' }, "'widgets' is invalid"],
    ];
    for (const [body, text] of cases)
      expect(() => validateDashboard(body as Record<string, unknown>), text).toThrow(text);
    expect(() =>
      validateDashboard({
        ...good,
        widgets: [widget({ type: 'timeseries', requests: [{ q: 'avg:cpu{*' }] })],
      }),
    ).toThrow(DashboardError);
  });
  it('stores dashboards as Datadog returns them: ids, widget ids, a url', () => {
    const store = createDashboardStore(() => 0);
    const d = dashboardJson(store.create(good));
    expect(d.id).toMatch(/^[a-z2-9]{3}-[a-z2-9]{3}-[a-z2-9]{3}$/);
    expect(d.url).toBe(`/dashboard/${d.id}/business`);
    expect((d.widgets as Array<{ id?: number }>).every((w) => typeof w.id === 'number')).toBe(true);
    expect(d.created_at).toBe('1970-01-01T00:00:00.000+00:00');
  });
});

describe('queries read in linear time', () => {
  it('tells arithmetic between queries apart, as the old pattern did', async () => {
    const { hasArithmeticOutsideBraces } = await import('./validate-dashboard.js');
    expect(hasArithmeticOutsideBraces('sum:a{*} / sum:b{*}')).toBe(true);
    expect(hasArithmeticOutsideBraces('sum:a{*}*100')).toBe(true);
    expect(hasArithmeticOutsideBraces('abs(sum:a{*}) - 1')).toBe(true);
    expect(hasArithmeticOutsideBraces('sum:a{path:/x/y,env:a-b} by {b}.as_count()')).toBe(false);
    const started = performance.now();
    expect(hasArithmeticOutsideBraces('}'.repeat(200_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
