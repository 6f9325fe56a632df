// An OpenAPI 3.1 document generated from the zod contract (served at GET /api/openapi.json
// and written to docs/api.json by `npm run openapi`).
import { z } from 'zod';
import { api, ERROR_CODES } from './index.ts';

export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const errorSchema = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...ERROR_CODES] },
          message: { type: 'string' },
          fields: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  };
  for (const [name, def] of Object.entries(api)) {
    const access = def.access === 'public' ? 'no login' : def.access === 'any' ? 'any logged-in role' : `roles: ${def.access.join(', ')}`;
    paths[`/api/${name}`] = {
      post: {
        operationId: name,
        summary: def.summary,
        description: `Access: ${access}. Errors: ${def.errors.join(', ') || 'none beyond UNAUTHENTICATED/FORBIDDEN'}.`,
        ...(def.access === 'public' ? { security: [] } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(def.input, { io: 'input', unrepresentable: 'any' }) } } },
        responses: {
          '200': {
            description: 'OK',
            content: { 'application/json': { schema: { type: 'object', properties: { data: z.toJSONSchema(def.output, { io: 'output', unrepresentable: 'any' }) } } } },
          },
          default: { description: 'Refused', content: { 'application/json': { schema: errorSchema } } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Depot app API', version: '1', description: 'One POST per method `area.verb`; the same methods the desktop app calls over IPC.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
