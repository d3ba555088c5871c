import { defineChecks, fail, purchase, type SpanResult } from '../../cli/lessons/check-api.js';

// Each run buys a product id of its own (ctx.run.productId) and searches only since the run started.
// Datadog's spans API answers carry no operation name: spans are picked by the query, not by a field.
const PURCHASE_AND_CHILD =
  'service:webapp (resource_name:"POST /purchase" OR operation_name:purchase.process)';

function purchaseSpans(spans: SpanResult[], productId: number): { request?: SpanResult; child?: SpanResult } {
  const request = spans.find(
    (s) => s.resource === 'POST /purchase' && s.tags['purchase.product_id'] === String(productId),
  );
  // The query found only requests and purchase.process spans: in the request's trace, the other one.
  const child = request
    ? spans.find((s) => s.traceId === request.traceId && s.spanId !== request.spanId)
    : undefined;
  return { request, child };
}

export const checks = defineChecks([
  {
    id: 'purchase',
    title: 'A purchase goes through',
    async run(ctx) {
      await purchase(ctx, { user_id: 5, quantity: 4, price: 12.5 });
      return `product ${ctx.run.productId}`;
    },
  },
  {
    id: 'tags',
    title: 'The request span carries purchase.product_id, purchase.quantity and purchase.amount',
    needs: ['purchase'],
    async run(ctx) {
      const productId = ctx.run.productId;
      return ctx.eventually(async () => {
        const spans = await ctx.searchSpans('service:webapp resource_name:"POST /purchase"', {
          since: 'run',
        });
        const { request } = purchaseSpans(spans, productId);
        if (!request)
          fail(
            `no POST /purchase span tagged purchase.product_id:${productId}`,
            'Tag the active span: tracer.scope().active()?.setTag(…).',
          );
        const { tags } = request;
        if (tags['purchase.quantity'] !== '4')
          fail(`purchase.quantity is ${tags['purchase.quantity'] ?? 'missing'}, expected 4`);
        if (Number(tags['purchase.amount']) !== 50)
          fail(`purchase.amount is ${tags['purchase.amount'] ?? 'missing'}, expected 50`);
        return `trace ${request.traceId}`;
      });
    },
  },
  {
    title: 'A purchase.process child span times the processing',
    needs: ['tags'],
    async run(ctx) {
      const productId = ctx.run.productId;
      return ctx.eventually(async () => {
        const spans = await ctx.searchSpans(PURCHASE_AND_CHILD, { since: 'run' });
        const { request, child } = purchaseSpans(spans, productId);
        if (!request) fail('the tagged POST /purchase span is missing (see the check above)');
        if (!child)
          fail(
            'no purchase.process span in the purchase trace',
            "Wrap the processing in tracer.trace('purchase.process', …).",
          );
        if (child.resource !== 'process_purchase')
          fail(`purchase.process has resource ${child.resource}, expected process_purchase`);
        // The processing waits 0.1–2 s: a span that does not wrap the wait lasts a millisecond.
        const wanted = Math.max(90, 0.5 * (request.durationMs ?? 0));
        if (child.durationMs !== undefined && child.durationMs < wanted)
          fail(
            `purchase.process lasts ${child.durationMs} ms of the request's ${request.durationMs ?? '?'} ms: it does not wrap the processing`,
            "Put the wait inside the span: await tracer.trace('purchase.process', { resource: 'process_purchase' }, async () => { …wait… }).",
          );
        return child.durationMs !== undefined ? `${child.durationMs} ms of processing` : undefined;
      });
    },
  },
]);
