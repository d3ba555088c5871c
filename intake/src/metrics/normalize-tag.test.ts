import { describe, expect, it } from 'vitest';
import { normalizeTag } from './normalize-tag.js';

// Cases from datadog-agent's pkg/util/normalize tests of NormalizeTag, and the docs' rules.
describe('a tag as Datadog stores it', () => {
  it.each([
    ['resource_name:POST /purchase', 'resource_name:post_/purchase'],
    ['#test_starting_hash', 'test_starting_hash'],
    ['TestCAPSandSuch', 'testcapsandsuch'],
    ['Test Conversion Of Weird !@#$%^&**() Characters', 'test_conversion_of_weird_characters'],
    ['$#weird_starting', 'weird_starting'],
    ['allowed:c0l0ns', 'allowed:c0l0ns'],
    ['1love', 'love'],
    ['ünicöde', 'ünicöde'],
    ['ünicöde:metäl', 'ünicöde:metäl'],
    ['Data🐨dog🐶 繋がっ⛰てて', 'data_dog_繋がっ_てて'],
    [' spaces   ', 'spaces'],
    [' #hashtag!@#spaces #__<>#  ', 'hashtag_spaces'],
    [':testing', ':testing'],
    ['_foo', 'foo'],
    [':::test', ':::test'],
    ['contiguous_____underscores', 'contiguous_underscores'],
    ['foo_', 'foo'],
    ['\u017Fodd_\u017Fcase\u017F', '\u017Fodd_\u017Fcase\u017F'],
    ['', ''],
    [' ', ''],
    ['ok', 'ok'],
    ['AlsO:ök', 'also:ök'],
    [':still_ok', ':still_ok'],
    ['___trim', 'trim'],
    ['12.:trim@', ':trim'],
    ['12.:trim@@', ':trim'],
    ['fun:ky__tag/1', 'fun:ky_tag/1'],
    ['fun:ky@tag/2', 'fun:ky_tag/2'],
    ['fun:ky@@@tag/3', 'fun:ky_tag/3'],
    ['tag:1/2.3', 'tag:1/2.3'],
    ['---fun:k####y_ta@#g/1_@@#', 'fun:k_y_ta_g/1'],
    ['AlsO:œ#@ö))œk', 'also:œ_ö_œk'],
    ['a'.repeat(201), 'a'.repeat(200)],
    [`${'a'.repeat(199)}🐶`, 'a'.repeat(199)],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTag(input)).toBe(expected);
  });
});
