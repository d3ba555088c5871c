/** Spans and logs as Datadog's search APIs answer them, as the console reads them. */
import * as v from 'valibot';

/** A span's attributes from the intake's console search (`operation_name` and `status` included). */
export const SpanAttributesSchema = v.object({
  service: v.string(),
  resource_name: v.string(),
  operation_name: v.string(),
  type: v.string(),
  env: v.string(),
  trace_id: v.string(),
  span_id: v.string(),
  parent_id: v.string(),
  start_timestamp: v.string(),
  end_timestamp: v.string(),
  status: v.string(),
  tags: v.array(v.string()),
  custom: v.record(v.string(), v.unknown()),
});
export type SpanAttributes = v.InferOutput<typeof SpanAttributesSchema>;
export const SpansAnswerSchema = v.object({ data: v.array(v.object({ attributes: SpanAttributesSchema })) });

export const LogEntrySchema = v.object({
  id: v.string(),
  attributes: v.object({
    timestamp: v.string(),
    status: v.string(),
    service: v.string(),
    host: v.string(),
    message: v.string(),
    tags: v.array(v.string()),
    attributes: v.record(v.string(), v.unknown()),
  }),
});
export type LogEntry = v.InferOutput<typeof LogEntrySchema>;
export const LogsAnswerSchema = v.object({ data: v.array(LogEntrySchema) });
