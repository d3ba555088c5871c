/**
 * A tag as Datadog stores it (datadog-agent `pkg/util/normalize`'s NormalizeTag, "to ensure the
 * tag matches the backend requirements"; docs: Getting Started with Tags): lowercased; letters,
 * digits, `:`, `.`, `/` and `-` kept; every other run of characters (underscores included)
 * becomes one `_`, a trailing one dropped; leading characters that are not letters or `:`
 * removed; at most 200 characters. `POST /purchase` → `post_/purchase`. Pure.
 */
const MAX_TAG_LENGTH = 200;

/** The fast path: already normalised ASCII is returned as it is (nearly every tag). */
const NORMALISED_ASCII = /^[a-z:](?:[a-z0-9:./-]|_(?=[a-z0-9:./-]))*$/;

const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isKept = (c: string) =>
  c === ':' || c === '.' || c === '/' || c === '-' || /^\p{Nd}$/u.test(c) || isLetter(c);

/** Lowercased, unless lowercasing changes the character's width (as the agent leaves `ſ`). */
function lower(c: string): string {
  const l = c.toLowerCase();
  return l.length === c.length ? l : c;
}

export function normalizeTag(tag: string): string {
  if (tag.length <= MAX_TAG_LENGTH && NORMALISED_ASCII.test(tag)) return tag;
  let out = '';
  let counted = 0;
  let cut = false;
  for (const raw of tag) {
    if (counted >= MAX_TAG_LENGTH) break;
    const c = lower(raw);
    if (counted === 0 && !isLetter(c) && c !== ':') continue;
    counted++;
    if (!isKept(c)) {
      cut = true;
      continue;
    }
    if (cut) out += '_';
    cut = false;
    out += c;
  }
  return out;
}
