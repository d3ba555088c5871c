/**
 * What the CLI tells the intake about the stack it brought up (services, states, the ports published
 * on this machine), which the intake cannot see from inside its container; the console's home
 * page shows it. The intake reads the CLI's body with this schema, bounded.
 */
import * as v from 'valibot';

const MAX_TEXT = 200;
const text = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.minLength(1, `${what} must be a string of 1 to ${MAX_TEXT} characters`),
    v.maxLength(MAX_TEXT, `${what} must be a string of 1 to ${MAX_TEXT} characters`),
  );
/** Absent or null (as older CLIs sent it): undefined. */
const optionalText = (what: string) =>
  v.optional(
    v.pipe(
      v.nullish(text(what)),
      v.transform((value) => value ?? undefined),
    ),
  );

export const StackPortSchema = v.object({
  port: v.pipe(
    v.number('a port must be a port number'),
    v.integer('a port must be a port number'),
    v.minValue(1, 'a port must be a port number'),
    v.maxValue(65535, 'a port must be a port number'),
  ),
  protocol: v.picklist(['tcp', 'udp'], 'protocol must be tcp or udp'),
  purpose: optionalText('purpose'),
});

export const StackServiceSchema = v.object({
  name: text('name'),
  state: text('state'),
  health: optionalText('health'),
  ports: v.optional(v.pipe(v.array(StackPortSchema), v.maxLength(16, 'at most 16 ports a service')), []),
});

/** The CLI's `PUT /intake/stack` body. */
export const StackReportBodySchema = v.object({
  mode: optionalText('mode'),
  runtime: optionalText('runtime'),
  services: v.pipe(
    v.array(StackServiceSchema, 'services must be a list'),
    v.maxLength(32, 'at most 32 services'),
  ),
  urls: v.optional(
    v.pipe(
      v.record(
        text('a url name'),
        v.pipe(text('a url'), v.regex(/^https?:\/\//, 'a url must be an http(s) URL')),
      ),
      v.check((urls) => Object.keys(urls).length <= 16, 'at most 16 urls'),
    ),
    {},
  ),
});

/** The intake's `GET /intake/stack` answer: the last body, with when it came (empty before the first). */
export const StackReportSchema = v.partial(
  v.object({ ...StackReportBodySchema.entries, reportedAtMs: v.number() }),
);

export type StackService = v.InferOutput<typeof StackServiceSchema>;
export type StackReportBody = v.InferInput<typeof StackReportBodySchema>;
/** What the intake keeps: the body as read, and when it came. */
export type StackReport = v.InferOutput<typeof StackReportBodySchema> & { reportedAtMs: number };
export type StackReportAnswer = v.InferOutput<typeof StackReportSchema>;
