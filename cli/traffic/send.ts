/**
 * One request to the webapp, recorded: latency from its intended start (the open model passes
 * the scheduled time, so a slow server cannot hide behind a late start), or the failure's name.
 */
import type { Dispatcher } from 'undici';
import type { RenderContext, RenderedRequest } from './render-request.js';
import type { RunOptions } from './run-options.js';
import type { Recorder } from './stats.js';

export type Send = (req: RenderedRequest, intendedStart?: number, via?: Dispatcher) => Promise<void>;

/** What both load models share while a scenario runs. */
export interface Session {
  options: RunOptions;
  ctx: RenderContext;
  url: URL;
  recorder: Recorder;
  /** performance.now() at the start. */
  started: number;
  send: Send;
}

const failureName = (error: Error & { code?: string }) =>
  error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT'
    ? 'timeout'
    : (error.code ?? error.name ?? 'error');

export function createSender(url: URL, pool: Dispatcher, recorder: Recorder, signal?: AbortSignal): Send {
  const basePath = url.pathname.replace(/\/$/, '');
  // dispatch() with a bare handler: no promise chain or stream per response, so the generator
  // costs little more than the sockets themselves at tens of thousands of requests a second.
  return (req, intendedStart = performance.now(), via = pool) =>
    new Promise<void>((resolve) => {
      let status = 0;
      via.dispatch(
        {
          method: req.method,
          path: `${basePath}${req.path}`,
          headers: req.body ? { 'content-type': 'application/json' } : {},
          body: req.body ?? null,
          ...(signal ? { signal } : {}),
        },
        // The callback style undici's Pool validates; the body is read and dropped.
        {
          onConnect() {},
          onHeaders(statusCode) {
            status = statusCode;
            return true;
          },
          onData() {
            return true;
          },
          onComplete() {
            recorder.record(req.endpoint, status, (performance.now() - intendedStart) * 1000);
            resolve();
          },
          onError(error) {
            // A request cut short by Ctrl-C says nothing about the webapp: leave it out.
            if (!signal?.aborted)
              recorder.record(req.endpoint, failureName(error), (performance.now() - intendedStart) * 1000);
            resolve();
          },
        },
      );
    });
}
