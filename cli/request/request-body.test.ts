import { describe, expect, it } from 'vitest';
import { planRequest } from './request-body.js';

describe('planRequest', () => {
  it('builds lesson 2’s purchase from fields no shell changes', () => {
    expect(
      planRequest('post', '/purchase', ['user_id:=123', 'product_id:=456', 'quantity:=2', 'price:=29.99']),
    ).toEqual({
      method: 'POST',
      path: '/purchase',
      body: { user_id: 123, product_id: 456, quantity: 2, price: 29.99 },
    });
  });

  it('name=text is a string, dotted names nest, := takes any JSON', () => {
    expect(
      planRequest('POST', '/x', ['note=a b=c', 'user.id:=7', 'user.vip:=true', 'tags:=["a"]']).body,
    ).toEqual({
      note: 'a b=c',
      user: { id: 7, vip: true },
      tags: ['a'],
    });
  });

  it('a GET without fields has no body', () => {
    expect(planRequest('get', '/health', [])).toEqual({ method: 'GET', path: '/health' });
  });

  it('refuses what it cannot send, saying how to write it', () => {
    expect(() => planRequest('FETCH', '/x', [])).toThrow(/not an HTTP method/);
    expect(() => planRequest('GET', 'health', [])).toThrow(/not a path/);
    expect(() => planRequest('POST', '/x', ['price:=29,99'])).toThrow(/must be JSON/);
    expect(() => planRequest('POST', '/x', ['{"a":1}'])).toThrow(/not a field/);
  });
});
