import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { errorReasons } from './error-reasons.js';

// The client's own deserializers, as its v1 and v2 APIs apply them to an error response.
const require = createRequire(import.meta.url);
const client = '@datadog/datadog-api-client/dist/packages';
const v1 = require(`${client}/datadog-api-client-v1/models/ObjectSerializer.js`).ObjectSerializer;
const v2 = require(`${client}/datadog-api-client-v2/models/ObjectSerializer.js`).ObjectSerializer;
const wire = { errors: ['Invalid query: bad', 'Second reason'] };

describe('errorReasons', () => {
  it('reads Datadog’s reasons as the v1 client deserializes them', () => {
    expect(errorReasons(v1.deserialize(wire, 'APIErrorResponse', ''))).toBe(
      'Invalid query: bad; Second reason',
    );
  });

  it('reads them as the v2 client deserializes them (JSON:API items), not as [object Object]', () => {
    const body = v2.deserialize(wire, 'JSONAPIErrorResponse', '');
    expect(errorReasons(body)).toBe('Invalid query: bad; Second reason');
  });

  it('takes a JSON:API item’s detail, else its title', () => {
    expect(errorReasons({ errors: [{ detail: 'a detail', title: 't' }, { title: 'only a title' }] })).toBe(
      'a detail; only a title',
    );
  });

  it('is undefined for a body without a list of errors', () => {
    expect(errorReasons({ message: 'x' })).toBeUndefined();
    expect(errorReasons(undefined)).toBeUndefined();
  });
});
