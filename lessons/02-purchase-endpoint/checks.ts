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
    title: 'The amount is rounded to cents',
    alongside: true,
    async run(ctx) {
      // 7 × 0.1 is 0.7000000000000001 in floating point; 3 × 19.99 is 59.970000000000006.
      for (const [quantity, price, want] of [
        [7, 0.1, 0.7],
        [3, 19.99, 59.97],
      ] as const) {
        const res = await ctx.http('/purchase', { method: 'POST', body: { ...body, quantity, price } });
        const amount = (res.json as { amount?: unknown } | undefined)?.amount;
        if (res.status === 201 && amount !== want)
          fail(
            `${quantity} × ${price} answered amount ${JSON.stringify(amount)}, expected ${want}`,
            'Round to cents: Math.round(quantity * price * 100) / 100.',
          );
      }
      return undefined;
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
      const named = {
        quantity: /quantity/i,
        price: /price/i,
        product_id: /product[ _-]?id/i,
        user_id: /user[ _-]?id/i,
      };
      const bad: Array<[keyof typeof named, unknown]> = [
        ['quantity', 0],
        ['quantity', -3],
        ['quantity', 1.5],
        ['quantity', 'two'],
        ['quantity', 1001],
        ['price', 0],
        ['price', -5],
        ['price', 'cheap'],
        ['product_id', 'abc'],
        ['user_id', -1],
      ];
      for (const [field, value] of bad) {
        const b = { ...body, [field]: value };
        const res = await ctx.http('/purchase', { method: 'POST', body: b });
        const error = (res.json as { error?: unknown } | undefined)?.error;
        if (res.status !== 400 || typeof error !== 'string') {
          fail(
            `POST /purchase ${JSON.stringify(b)} answered ${res.status} ${res.text.slice(0, 100)}; expected 400 with {"error": "…"}`,
            'Validate each field before computing the amount.',
          );
        }
        if (!named[field].test(error))
          fail(
            `POST /purchase with ${field} ${JSON.stringify(value)} answered 400 "${error.slice(0, 80)}", which does not name ${field}`,
            `Say which field is wrong, e.g. "${field} must be …".`,
          );
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
