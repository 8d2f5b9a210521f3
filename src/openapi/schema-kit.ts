/** Building blocks of the control plane's route schemas. */

export type JsonSchema = Record<string, unknown>;

export const error: JsonSchema = {
  type: 'object',
  properties: { error: { type: 'string' } },
  required: ['error'],
};

export const nullableString = { type: ['string', 'null'] };
export const nullableInteger = { type: ['integer', 'null'] };

export const duration = {
  description: 'seconds, or a duration such as "90m", "3d", "7d12h"',
  anyOf: [{ type: 'number' }, { type: 'string' }],
};

export function route(
  summary: string,
  parts: { body?: JsonSchema; querystring?: JsonSchema; params?: JsonSchema; ok?: JsonSchema },
  okStatus = 200,
): JsonSchema {
  return {
    tags: ['control plane'],
    summary,
    ...(parts.body === undefined ? {} : { body: parts.body }),
    ...(parts.querystring === undefined ? {} : { querystring: parts.querystring }),
    ...(parts.params === undefined ? {} : { params: parts.params }),
    response: {
      [okStatus]: parts.ok ?? { type: 'null', description: 'no content' },
      '4xx': error,
    },
  };
}

export const idParam: JsonSchema = {
  type: 'object',
  properties: { id: { type: 'string' } },
  required: ['id'],
};
