import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/workshop-config.js';
import { fillTemplate, lessonFacts } from './lesson-facts.js';
import { renderMarkdown } from './lesson-text.js';

const lessonsDir = resolve(import.meta.dirname, '../../lessons');
const lessons = readdirSync(lessonsDir).filter((d) => /^\d{2}-/.test(d));
const moved = resolveConfig({
  projectDir: '/w',
  env: { WEBAPP_PORT: '4001', DD_TRACE_AGENT_PORT: '9126', DD_DOGSTATSD_PORT: '9125' },
});
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('lesson texts', () => {
  for (const lesson of lessons) {
    for (const file of ['README.md', 'hints.md']) {
      it(`${lesson}/${file} names this stack's ports and a command that is on PATH`, () => {
        const source = readFileSync(join(lessonsDir, lesson, file), 'utf8');
        const text = fillTemplate(source, lessonFacts(moved, 'docker'));
        // A lesson may show Datadog's own {{…}} (a monitor message) inside a delimiter switch
        // ({{=<% %>=}}…<%={{ }}=%>); anything else left in braces is a placeholder never filled.
        const shown = [...source.matchAll(/\{\{=<% %>=\}\}([\s\S]*?)<%=\{\{ \}\}=%>/g)].map(
          (m) => m[1] ?? '',
        );
        expect(shown.reduce((t, literal) => t.replace(literal, ''), text)).not.toMatch(/\{\{|\}\}/);
        expect(text).not.toMatch(/localhost:3001|127\.0\.0\.1:3001|:8126\b|\b8125\/udp/);
        // `ddworkshop` alone is not on PATH after `npm ci`: every command goes through ./ddw.
        expect(text.replace(/\.\/ddw /g, '')).not.toMatch(/`ddworkshop [a-z]/);
      });
    }
  }

  it('fills the configured ports and adapts to the runtime', () => {
    const text = readFileSync(join(lessonsDir, '01-explore-the-stack/README.md'), 'utf8');
    const docker = fillTemplate(text, lessonFacts(moved, 'docker'));
    const local = fillTemplate(text, lessonFacts(moved, 'local'));
    expect(docker).toContain('curl http://127.0.0.1:4001/health');
    expect(docker).toContain('GET http://127.0.0.1:9126/info');
    expect(docker).toContain('9125/udp');
    expect(docker).toContain('docker exec datadog-agent agent status` works too');
    expect(local).not.toContain('works too');
    expect(local).toContain('no `datadog-agent` container');
  });

  it('renders tables, lists and code for the terminal, within its width', () => {
    const text = fillTemplate(
      readFileSync(join(lessonsDir, '03-purchase-metrics/README.md'), 'utf8'),
      lessonFacts(moved, 'local'),
    );
    for (const width of [60, 100]) {
      const out = plain(renderMarkdown(text, width));
      expect(out).not.toContain('\\|');
      expect(out).toContain('premium');
      expect(out).toMatch(/│ ecommerce\./);
      expect(out).not.toContain('…');
      for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
    }
  });
});
