/**
 * A dashboard body checked as Datadog checks it: a title, a layout type, widgets of known types,
 * `team:` tags only, and — what offline can check beyond Datadog's schema — every metric query
 * and formula parsed, so a dashboard that loads here draws there. Pure.
 */

import { parseQuery, QueryError } from '#contracts/metric-query.js';
import { parseFormula, references } from '../query/formula.js';
import { WIDGET_SCHEMAS, type WidgetSchema } from './widget-schema.js';

export class DashboardError extends Error {}

/** Datadog's widget types (the v1 spec's WidgetDefinition, widget-schema.ts). */
export const WIDGET_TYPES = new Set(Object.keys(WIDGET_SCHEMAS));

/**
 * `+`, `*` or `/` outside braces, or `) -`: arithmetic between queries. One pass (a regular
 * expression took 4.4 s on 40,000 `}`).
 */
export function hasArithmeticOutsideBraces(query: string): boolean {
  let depth = 0;
  let afterParen = false;
  for (const c of query) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === '+' || c === '*' || c === '/')) return true;
    else if (afterParen && c === '-') return true;
    if (c === ')') afterParen = true;
    else if (c !== ' ' && c !== '\t') afterParen = false;
  }
  return false;
}

const MAX_QUERY_LENGTH = 4000;

function checkQuery(query: unknown, where: string): void {
  if (typeof query !== 'string' || query.trim() === '')
    throw new DashboardError(`${where}: a query is required`);
  // Old-style `q` may hold arithmetic between queries (`sum:a{*} / sum:b{*}`): Datadog's to judge.
  if (query.length > MAX_QUERY_LENGTH)
    throw new DashboardError(`${where}: longer than ${MAX_QUERY_LENGTH} characters`);
  if (hasArithmeticOutsideBraces(query)) return;
  try {
    parseQuery(query);
  } catch (error) {
    throw new DashboardError(`${where}: ${error instanceof QueryError ? error.message : String(error)}`);
  }
}

function checkRequest(r: unknown, where: string): void {
  if (!r || typeof r !== 'object') throw new DashboardError(`${where} must be an object`);
  const req = r as Record<string, unknown>;
  if (req.q !== undefined) checkQuery(req.q, `${where}.q`);
  if (req.queries === undefined) return;
  if (!Array.isArray(req.queries)) throw new DashboardError(`${where}.queries must be a list`);
  const names = new Set<string>();
  req.queries.forEach((q: Record<string, unknown>, i: number) => {
    const at = `${where}.queries[${i}]`;
    if (!q || typeof q !== 'object') throw new DashboardError(`${at} must be an object`);
    if (typeof q.name !== 'string' || !q.name) throw new DashboardError(`${at}.name is required`);
    names.add(q.name);
    if ((q.data_source ?? 'metrics') === 'metrics') checkQuery(q.query, `${at}.query`);
  });
  if (req.formulas === undefined) return;
  if (!Array.isArray(req.formulas)) throw new DashboardError(`${where}.formulas must be a list`);
  req.formulas.forEach((f: Record<string, unknown>, i: number) => {
    const at = `${where}.formulas[${i}]`;
    try {
      for (const ref of references(parseFormula(String(f?.formula ?? ''))))
        if (!names.has(ref)) throw new DashboardError(`${at}: ${ref} is not one of the request's queries`);
    } catch (error) {
      if (error instanceof QueryError) throw new DashboardError(`${at}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * A widget definition against its type's schema, in Datadog's words: "Invalid widget definition at
 * position N of type X. Error: Additional properties are not allowed ('y' was unexpected)".
 */
function checkDefinition(
  def: Record<string, unknown>,
  type: string,
  position: number,
  inGroup: boolean,
): void {
  const schema = WIDGET_SCHEMAS[type] as WidgetSchema;
  const fail = (error: string): never => {
    throw new DashboardError(
      `Invalid widget definition at position ${position} of type ${type}. Error: ${error}`,
    );
  };
  const unexpected = Object.keys(def).filter((k) => !schema.properties.includes(k));
  if (unexpected.length)
    fail(
      `Additional properties are not allowed (${unexpected.map((k) => `'${k.slice(0, 100)}'`).join(', ')} ${unexpected.length === 1 ? 'was' : 'were'} unexpected)`,
    );
  const missing = schema.required.find((k) => def[k] === undefined);
  if (missing) fail(`'${missing}' is a required property`);
  if (type === 'group' && inGroup) fail('a group widget cannot hold another group');
}

function checkWidgets(widgets: unknown, where: string, inGroup = false): void {
  if (!Array.isArray(widgets)) throw new DashboardError(`'${where}' is invalid: widgets must be a list`);
  widgets.forEach((w: Record<string, unknown>, i: number) => {
    const at = `${where}[${i}]`;
    const def = w?.definition as Record<string, unknown> | undefined;
    if (!def || typeof def !== 'object' || Array.isArray(def))
      throw new DashboardError(`${at}.definition is required`);
    if (typeof def.type !== 'string' || !WIDGET_TYPES.has(def.type))
      throw new DashboardError(`${at}.definition: invalid widget type ${JSON.stringify(def.type)}`);
    checkDefinition(def, def.type, i, inGroup);
    if (def.type === 'group') checkWidgets(def.widgets, `${at}.definition.widgets`, true);
    if (def.requests !== undefined) {
      const requests = Array.isArray(def.requests) ? def.requests : [def.requests];
      for (const [j, r] of requests.entries()) checkRequest(r, `${at}.definition.requests[${j}]`);
    }
  });
}

/** A value as Python prints it, as Datadog's errors quote a bad entry (`{'name': 'x'}`). */
function pythonRepr(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `'${k}': ${pythonRepr(x)}`)
      .join(', ')}}`;
  return typeof v === 'string' ? `'${v}'` : String(v);
}

/**
 * Template variables and their saved views as Datadog checks them (its recorded 400s): `default`
 * and `defaults` not both, no empty default; a preset's variable has `value` or `values`, not both,
 * and `values` not empty.
 */
function checkTemplateVariables(variables: unknown, presets: unknown): void {
  if (variables === undefined || variables === null) return;
  if (!Array.isArray(variables)) throw new DashboardError("'template_variables' is invalid");
  for (const v of variables as Array<Record<string, unknown>>) {
    if (!v || typeof v !== 'object' || typeof v.name !== 'string')
      throw new DashboardError("'template_variables' is invalid");
    if (v.default !== undefined && v.defaults !== undefined)
      throw new DashboardError("'template_variables' is invalid");
    if (Array.isArray(v.defaults) && v.defaults.some((d) => typeof d !== 'string' || d.length < 1))
      throw new DashboardError("Minimum length of parameter 'defaults' should be 1");
  }
  if (presets === undefined || presets === null) return;
  if (!Array.isArray(presets)) throw new DashboardError("'template_variable_presets' is invalid");
  for (const p of presets as Array<Record<string, unknown>>) {
    for (const v of (Array.isArray(p?.template_variables) ? p.template_variables : []) as Array<
      Record<string, unknown>
    >) {
      if (v?.value !== undefined && v.values !== undefined)
        throw new DashboardError(`'template_variables' value '${pythonRepr(v)}' is invalid`);
      if (Array.isArray(v?.values) && v.values.length === 0)
        throw new DashboardError("Minimum number of elements in parameter 'values' should be 1");
    }
  }
}

export function validateDashboard(body: Record<string, unknown>): void {
  // Required, but may be empty: Datadog's recorded exchanges create dashboards titled "".
  if (typeof body.title !== 'string') throw new DashboardError("'title' is required");
  if (body.title.length > 1000) throw new DashboardError("'title' is too long");
  if (body.layout_type !== 'ordered' && body.layout_type !== 'free')
    throw new DashboardError("'layout_type' is invalid");
  if (body.description !== undefined && body.description !== null && typeof body.description !== 'string')
    throw new DashboardError("'description' is invalid");
  if (body.tags !== undefined && body.tags !== null) {
    if (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string' || !t.startsWith('team:')))
      throw new DashboardError('Invalid tag format. Valid tag keys are: team.');
  }
  checkTemplateVariables(body.template_variables, body.template_variable_presets);
  checkWidgets(body.widgets, 'widgets');
}
