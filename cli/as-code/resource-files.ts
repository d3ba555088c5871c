/**
 * Dashboards and monitors as code: `dashboards/*.json` and `monitors/*.json` in the workshop,
 * in Datadog's own JSON. A file's name (without .json) is its key: what `push` writes into the
 * object so the next push finds it again, on any org and offline, where ids differ.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import { UserError } from '../base/user-error.js';
import { describeJsonError } from '../util/json-error.js';

export interface ResourceFile {
  key: string;
  /** As the student names it: relative to the workshop folder. */
  path: string;
  json: Record<string, unknown>;
}

export async function readResourceFiles(
  projectDir: string,
  folder: 'dashboards' | 'monitors',
  only: string[] = [],
): Promise<ResourceFile[]> {
  const paths = only.length
    ? only.map((p) => (isAbsolute(p) ? p : join(process.cwd(), p)))
    : await readdir(join(projectDir, folder)).then(
        (names) =>
          names
            .filter((n) => n.endsWith('.json'))
            .sort()
            .map((n) => join(projectDir, folder, n)),
        () => [],
      );
  if (paths.length === 0)
    throw new UserError(
      `No ${folder} to push: ${folder}/ has no .json file`,
      `Write one (the lesson shows how), then push again.`,
    );
  return Promise.all(
    paths.map(async (path) => {
      const shown = relative(projectDir, path) || path;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        throw new UserError(
          `${shown} cannot be read`,
          'Check the path: files are given relative to the workshop folder.',
        );
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new UserError(
          `${shown} is not valid JSON: ${describeJsonError(text, (error as Error).message)}`,
          'Fix the file and push again.',
        );
      }
      if (!json || typeof json !== 'object' || Array.isArray(json))
        throw new UserError(
          `${shown} must hold one JSON object`,
          `A ${folder.slice(0, -1)} in Datadog's JSON, as in the lesson.`,
        );
      return { key: basename(path, '.json'), path: shown, json: json as Record<string, unknown> };
    }),
  );
}
