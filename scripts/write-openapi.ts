// Writes the OpenAPI document generated from the zod contract to docs/api.json.
import fs from 'node:fs';
import { openApiDocument } from '../shared/api/openapi.ts';

fs.mkdirSync('docs', { recursive: true });
fs.writeFileSync('docs/api.json', JSON.stringify(openApiDocument(), null, 2) + '\n');
console.log(`docs/api.json: ${Object.keys(openApiDocument().paths as object).length} methods`);
