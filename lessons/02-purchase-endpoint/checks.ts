import { defineChecks, fail } from '../../cli/lessons/check-api.js';

const body = { user_id: 123, product_id: 456, quantity: 2, price: 29.99 };

export const checks = defineChecks([
  {
    title: 'POST /purchase answers 201 with the purchase',
    async run(ctx) {
      const res = await ctx.http('/purchase', { method: 'POST', body });
      if (res.status === 404)
        fail(
          'POST /purchase answered 404: the route is not there yet',
          'Add webapp/src/routes/purchase.ts and register it.',
        );
      if (res.status !== 201)
        fail(`POST /purchase answered ${res.status}, expected 201: ${res.text.slice(0, 160)}`);
      const json = (res.json ?? {}) as Record<string, unknown>;
      if (json.message !== 'Purchase successful')
        fail(`message is ${JSON.stringify(json.message)}, expected "Purchase successful"`);
      if (typeof json.transaction_id !== 'string' || !/^txn_\d{5}$/.test(json.transaction_id))
        fail(`transaction_id ${JSON.stringify(json.transaction_id)} is not txn_ and five digits`);
      if (json.amount !== 59.98) fail(`amount is ${JSON.stringify(json.amount)}, expected 59.98 (2 × 29.99)`);
      if (json.product_id !== 456) fail(`product_id is ${JSON.stringify(json.product_id)}, expected 456`);
      const seconds = json.processing_time;
      if (typeof seconds !== 'number' || seconds < 0.1 || seconds > 2.0)
        fail(`processing_time ${JSON.stringify(seconds)} is not between 0.1 and 2.0 seconds`);
      return `transaction ${json.transaction_id}, ${json.amount} USD in ${seconds.toFixed(2)} s`;
    },
  },
  {
    title: 'Missing fields take the original defaults',
    // The route's answers share nothing: one wait for its simulated processing, not one per check.
    alongside: true,
    async run(ctx) {
      const res = await ctx.http('/purchase', { method: 'POST', body: {} });
      const json = (res.json ?? {}) as Record<string, unknown>;
      if (res.status !== 201 || json.amount !== 19.99 || json.product_id !== 1) {
        fail(
          `POST /purchase {} answered ${res.status} ${res.text.slice(0, 120)}; expected 201 with amount 19.99 and product_id 1`,
        );
      }
      return undefined;
    },
  },
  {
    title: 'Bad quantity, price or ids answer 400 with a JSON error',
    alongside: true,
    async run(ctx) {
      const bad: Array<Record<string, unknown>> = [
        { ...body, quantity: 0 },
        { ...body, quantity: -3 },
        { ...body, quantity: 1.5 },
        { ...body, quantity: 'two' },
        { ...body, quantity: 1001 },
        { ...body, price: 0 },
        { ...body, price: -5 },
        { ...body, price: 'cheap' },
        { ...body, product_id: 'abc' },
        { ...body, user_id: -1 },
      ];
      for (const b of bad) {
        const res = await ctx.http('/purchase', { method: 'POST', body: b });
        const error = (res.json as { error?: unknown } | undefined)?.error;
        if (res.status !== 400 || typeof error !== 'string') {
          fail(
            `POST /purchase ${JSON.stringify(b)} answered ${res.status} ${res.text.slice(0, 100)}; expected 400 with {"error": "…"}`,
            'Validate each field before computing the amount.',
          );
        }
      }
      return `${bad.length} bad bodies refused`;
    },
  },
  {
    title: 'A body that is not JSON answers 400, not a stack trace',
    alongside: true,
    async run(ctx) {
      const res = await ctx.http('/purchase', {
        method: 'POST',
        body: '{"quantity": ',
        headers: { 'content-type': 'application/json' },
      });
      if (res.status !== 400) fail(`a broken JSON body answered ${res.status}, expected 400`);
      if (/\bat \S+ \(/.test(res.text)) fail('the answer contains a stack trace');
      return undefined;
    },
  },
]);
