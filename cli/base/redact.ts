/**
 * Secrets must never reach output, logs or error messages. Every place that prints text that
 * could carry a key (HTTP errors, container logs, env dumps) passes it through here.
 */
const SECRET_NAME = /(api[_-]?key|app[_-]?key|application[_-]?key|password|secret|token)/i;

/** Replace every occurrence of the given secret values with a fixed mask. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would mask ordinary words; real keys are 32-40 characters.
    if (secret && secret.length >= 8) out = out.split(secret).join(mask(secret));
  }
  return out;
}

/** A key shown only by its last four characters, the way Datadog's UI shows them. */
export function mask(secret: string): string {
  return secret.length <= 4 ? '****' : `****${secret.slice(-4)}`;
}

/** True when an environment variable name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A URL with its password masked (`postgres://hub:****@db:5432/class`), for messages. */
export function redactUrlPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:****@');
}
