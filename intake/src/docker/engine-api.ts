/**
 * The few Docker Engine API reads the intake makes, over the socket mounted read-only (as the
 * agent mounts it): container lists, inspections, one-shot stats. Nothing here writes.
 */
import { request } from 'node:http';

export interface ContainerSummary {
  Id: string;
  Names?: string[];
  Image?: string;
  Labels?: Record<string, string>;
  State?: string;
}

export function getJson<T>(socketPath: string, path: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 400) {
          reject(new Error(`Docker Engine API ${path}: ${res.statusCode} ${text.slice(0, 200).trim()}`));
          return;
        }
        try {
          resolve(JSON.parse(text) as T);
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** The container's name without Docker's leading slash. */
export const containerName = (c: { Id: string; Names?: string[] }) =>
  (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
