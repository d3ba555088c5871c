import { defineChecks, fail, purchase } from '../../cli/lessons/check-api.js';
import { traceIdForms } from '../../cli/verify/log-summary.js';

// The check buys a product of its own (ctx.run.productId) and follows that purchase's log.

/** The lesson's "slow": over 1.5 s of processing; answers this close to it are not judged. */
const SLOW_S = 1.5;
const MARGIN_S = 0.02;
export const checks = defineChecks([
  {
    id: 'purchase',
    title: 'A purchase goes through',
    async run(ctx) {
      await purchase(ctx, { user_id: 8, quantity: 3, price: 40 });
      return `product ${ctx.run.productId}`;
    },
  },
  {
    id: 'log',
    title: 'The purchase is logged with its fields as attributes (found with @purchase.product_id)',
    needs: ['purchase'],
    async run(ctx) {
      return ctx.eventually(async () => {
        const logs = await ctx.searchLogs(`service:webapp @purchase.product_id:${ctx.run.productId}`, {
          since: 'run',
        });
        const line = logs[0];
        if (!line)
          fail(
            `no log of service webapp has @purchase.product_id:${ctx.run.productId}`,
            "Log with the fields first: logger.info({ purchase: { product_id: productId, quantity, amount, … } }, 'purchase completed').",
          );
        const purchase = (line.attributes.purchase ?? {}) as Record<string, unknown>;
        if (purchase.quantity !== 3 || purchase.amount !== 120)
          fail(
            `the log's purchase attributes are ${JSON.stringify(purchase)}`,
            'Log quantity and amount as numbers: quantity 3, amount 120 for this check.',
          );
        const amountFound = await ctx.searchLogs(
          `service:webapp @purchase.amount:120 @purchase.product_id:${ctx.run.productId}`,
          { since: 'run' },
        );
        if (amountFound.length === 0)
          fail(
            '@purchase.amount:120 finds nothing',
            'The amount must be a number attribute, not part of the message.',
          );
        return `"${line.message}" (${line.status})`;
      });
    },
  },
  {
    title: 'Its trace id leads to the trace of the same purchase',
    needs: ['log'],
    async run(ctx) {
      const [line] = await ctx.searchLogs(`service:webapp @purchase.product_id:${ctx.run.productId}`, {
        since: 'run',
      });
      if (!line?.traceId)
        fail(
          'the purchase log carries no trace id',
          'Log inside the request handler (before the response), with the logger from ../logger.js.',
        );
      const traceId = line.traceId;
      return ctx.eventually(async () => {
        // Spans carry the low 64 bits in decimal: the last of the id's spellings.
        const low64 = traceIdForms(traceId).at(-1) ?? traceId;
        const spans = await ctx.searchSpans(`trace_id:${low64}`, { since: 'run' });
        const request = spans.find((s) => s.resource === 'POST /purchase');
        if (!request)
          fail(
            `trace ${traceId} has no POST /purchase span`,
            'Log while the request is being handled, not after the response.',
          );
        if (
          request.tags['purchase.product_id'] !== undefined &&
          request.tags['purchase.product_id'] !== String(ctx.run.productId)
        )
          fail(`the trace is of product ${request.tags['purchase.product_id']}, not ${ctx.run.productId}`);
        return `trace ${traceId}`;
      });
    },
  },
  {
    title: 'A slow purchase (over 1.5 s of processing) is logged at warn, the others at info',
    needs: ['log'],
    async run(ctx) {
      // Processing takes a random 0.1–2 s: purchases of quantities 1, 2, 3… (told apart in the logs
      // by their quantity) until one is slow, each one's time read from its answer.
      const seconds = new Map<number, number>();
      let quantity = 10;
      for (let round = 0; round < 4 && ![...seconds.values()].some((t) => t > SLOW_S + MARGIN_S); round++) {
        const answers = await Promise.all(
          Array.from({ length: 5 }, () => {
            const q = ++quantity;
            return ctx
              .http('/purchase', {
                method: 'POST',
                body: { user_id: 8, product_id: ctx.run.productId, quantity: q, price: 1 },
              })
              .then(
                (res) =>
                  [
                    q,
                    Number((res.json as { processing_time?: unknown } | undefined)?.processing_time),
                  ] as const,
              );
          }),
        );
        for (const [q, t] of answers) if (Number.isFinite(t)) seconds.set(q, t);
      }
      const slow = [...seconds].filter(([, t]) => t > SLOW_S + MARGIN_S).map(([q]) => q);
      const fast = [...seconds].filter(([, t]) => t < SLOW_S - MARGIN_S).map(([q]) => q);
      if (slow.length === 0) return 'no purchase was slow this time: nothing to judge';
      return ctx.eventually(async () => {
        const logs = await ctx.searchLogs(`service:webapp @purchase.product_id:${ctx.run.productId}`, {
          since: 'run',
        });
        const statusOf = (q: number) =>
          logs.find((l) => (l.attributes.purchase as { quantity?: unknown } | undefined)?.quantity === q)
            ?.status;
        for (const q of slow) {
          const status = statusOf(q);
          if (status === undefined) fail(`the slow purchase of quantity ${q} has no log yet`);
          if (status !== 'warn')
            fail(
              `a purchase that took ${seconds.get(q)?.toFixed(2)} s was logged at ${status}, not warn`,
              `Log purchases over 1.5 s of processing with logger.warn, so status:warn finds them.`,
            );
        }
        const wrong = fast.find((q) => statusOf(q) === 'warn');
        if (wrong !== undefined)
          fail(
            `a purchase that took ${seconds.get(wrong)?.toFixed(2)} s was logged at warn`,
            'Only purchases over 1.5 s of processing are slow; log the others at info.',
          );
        return `${slow.length} slow at warn, ${fast.length} others at info`;
      });
    },
  },
]);
