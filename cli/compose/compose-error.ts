/** A mistake in the compose file, named by file and key path: `docker-compose.yml: services.webapp.ports[0]: …`. */
export class ComposeError extends Error {
  override name = 'ComposeError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${file}: ${path ? `${path}: ` : ''}${detail}`);
  }
}
