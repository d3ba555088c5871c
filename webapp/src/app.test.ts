import { describe, expect, it } from 'vitest';
import { describeError } from './app.js';
import { badRequest } from './http-errors.js';

describe('errors as the client sees them', () => {
  it('a pool with every connection busy is 503 (retry), not a 500', () => {
    expect(describeError(new Error('timeout exceeded when trying to connect'))).toEqual({
      status: 503,
      message: 'the database is busy; try again in a moment',
    });
  });
  it('bad input keeps its status and message; anything else is a bare 500', () => {
    expect(describeError(badRequest('quantity must be a whole number'))).toEqual({
      status: 400,
      message: 'quantity must be a whole number',
    });
    expect(describeError(new TypeError('x is not a function'))).toEqual({
      status: 500,
      message: 'Internal server error',
    });
  });
});
