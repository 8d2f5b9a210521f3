import { AppleError } from '../errors/apple-codes.js';

/**
 * The request body as a JSON object. Anything else (absent, not JSON, an array, a string)
 * is Apple's MALFORMED_REQUEST_BODY.
 */
export function readJsonObject(raw: unknown): Record<string, unknown> {
  const value = parseJson(raw);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppleError('MALFORMED_REQUEST_BODY');
  }
  return value as Record<string, unknown>;
}

/** The parsed body, whatever JSON it is; validators decide what shape they accept. */
export function readJson(raw: unknown): unknown {
  return parseJson(raw);
}

function parseJson(raw: unknown): unknown {
  if (typeof raw !== 'string' || raw.trim() === '') throw new AppleError('MALFORMED_REQUEST_BODY');
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppleError('MALFORMED_REQUEST_BODY');
  }
}
