/**
 * The facts a lesson's Markdown template is filled with: this student's stack
 * (`{{webapp_url}}`, `{{cli}}`, `{{#docker}}…{{/docker}}`), so a command or URL in a lesson is
 * one that works here. Pure: callers pass the config and runtime in.
 */
import Mustache from 'mustache';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { consoleBase } from '../console/console-urls.js';
import type { RuntimeKind } from '../runtime/runtime.js';
import { CLI } from '../ui/command.js';

export interface LessonFacts {
  cli: string;
  webapp_url: string;
  trace_agent_url: string;
  /** Where the student sees their data: the offline console or their Datadog site (same paths). */
  console_url: string;
  trace_port: number;
  dogstatsd_port: number;
  docker: boolean;
  local: boolean;
  datadog: boolean;
  offline: boolean;
}

export function lessonFacts(config: WorkshopConfig, runtime: RuntimeKind | undefined): LessonFacts {
  return {
    cli: CLI,
    webapp_url: config.webappUrl,
    trace_agent_url: config.traceAgentUrl,
    console_url: consoleBase(config).replace(/\/$/, ''),
    trace_port: config.ports.trace,
    dogstatsd_port: config.ports.dogstatsd,
    // Before any setup the runtime is unknown: say what holds for Docker, the default.
    docker: runtime !== 'local',
    local: runtime === 'local',
    datadog: config.mode === 'datadog',
    offline: config.mode === 'offline',
  };
}

/** Fills `{{name}}` and `{{#flag}}…{{/flag}}` (no HTML escaping: this is terminal text). */
export function fillTemplate(text: string, facts: LessonFacts): string {
  return Mustache.render(text, facts, {}, { escape: (value: string) => value });
}
