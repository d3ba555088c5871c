/**
 * Each lesson's most common wrong variants — the ones students write — for the course test: after
 * a lesson passes, each is put in place, must be refused with a message that names the fix, and
 * is taken out again.
 */
export interface Variant {
  what: string;
  file: string;
  from: string | RegExp;
  to: string;
  /** The failing check's message and hint must say this. */
  says: RegExp;
}

const PURCHASE = 'webapp/src/routes/purchase.ts';
const METRICS = 'webapp/src/metrics/purchase-metrics.ts';
const MONITOR = 'monitors/error-rate.json';

export const VARIANTS: Record<number, Variant[]> = {
  2: [
    {
      what: 'no rounding to cents',
      file: PURCHASE,
      from: 'Math.round(quantity * price * 100) / 100',
      to: 'quantity * price',
      says: /Round to cents/,
    },
    {
      what: 'a 400 that does not name the field',
      file: PURCHASE,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the student's source text, not a template
      from: '`${name} must be a whole number from 1 to ${max}`',
      to: "'invalid input'",
      says: /does not name (quantity|user_id|product_id)/,
    },
  ],
  3: [
    {
      what: 'a histogram where a distribution is asked',
      file: METRICS,
      from: "statsd.distribution('ecommerce.processing_time'",
      to: "statsd.histogram('ecommerce.processing_time'",
      says: /distribution/,
    },
    { what: 'a misspelt tag key', file: METRICS, from: '`amount_range:', to: '`range:', says: /range:…/ },
    {
      what: 'a counter where a gauge is asked',
      file: METRICS,
      from: "statsd.gauge('ecommerce.purchase_amount'",
      to: "statsd.increment('ecommerce.purchase_amount'",
      says: /should be a gauge/,
    },
  ],
  5: [
    {
      what: 'a span that does not wrap the processing',
      file: PURCHASE,
      from: /await tracer\.trace\('purchase\.process', \{ resource: 'process_purchase' \}, async \(\) => \{\n(\s*)(await new Promise[^\n]*)\n\s*\}\);/,
      to: "tracer.trace('purchase.process', { resource: 'process_purchase' }, () => {});\n$1$2",
      says: /does not wrap the processing/,
    },
  ],
  7: [
    {
      what: 'a threshold the check cannot sensibly trip',
      file: MONITOR,
      from: /10(?=( \}|"|,))|(?<=> )10/g,
      to: '100000',
      says: /cannot be tested here/,
    },
  ],
  8: [
    {
      what: 'slow purchases not at warn',
      file: PURCHASE,
      from: 'logger.warn(',
      to: 'logger.info(',
      says: /warn/,
    },
  ],
};
