/**
 * An error answer from the DEP API: the HTTP status and Apple's bare code (the body,
 * trimmed, with the quotes Apple's old simulator added taken off).
 */
export class DepError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path}: ${status} ${code === '' ? '(empty body)' : code}`);
    this.name = 'DepError';
  }
}

/** Apple's body is the code itself; its simulator wrapped it in JSON quotes. */
export function errorCodeOf(body: string): string {
  const trimmed = body.trim();
  return /^"[^"]*"$/.test(trimmed) ? trimmed.slice(1, -1) : trimmed;
}
