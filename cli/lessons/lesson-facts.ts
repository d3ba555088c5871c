/**
 * The facts a lesson's Markdown template is filled with: this student's stack
 * (`{{webapp_url}}`, `{{cli}}`, `{{#docker}}…{{/docker}}`), so a command or URL in a lesson is
 * one that works here. Pure: callers pass the config and runtime in.
 */
import Mustache from 'mustache';
import { SHELL } from '../base/command.js';
import type { WorkshopConfig } from '../config/workshop-config.js';
import { consoleBase } from '../console/console-urls.js';
import { launcherFor, type StudentShell } from '../platform/shell.js';
import type { RuntimeKind } from '../runtime/runtime.js';

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
  /** The student's shell, for the few commands each shell needs written its own way. */
  posix: boolean;
  cmd: boolean;
  powershell: boolean;
  windows: boolean;
  /** `curl`, or `curl.exe` on Windows (PowerShell 5.1's `curl` is Invoke-WebRequest). */
  curl: string;
}

export function lessonFacts(
  config: WorkshopConfig,
  runtime: RuntimeKind | undefined,
  shell: StudentShell = SHELL,
): LessonFacts {
  return {
    cli: launcherFor(shell),
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
    posix: shell === 'posix',
    cmd: shell === 'cmd',
    powershell: shell === 'powershell',
    windows: shell !== 'posix',
    curl: shell === 'posix' ? 'curl' : 'curl.exe',
  };
}

/** Fills `{{name}}` and `{{#flag}}…{{/flag}}` (no HTML escaping: this is terminal text). */
export function fillTemplate(text: string, facts: LessonFacts): string {
  return Mustache.render(text, facts, {}, { escape: (value: string) => value });
}
