/** `pnpm schema`: writes the API's schema to /schema.graphql (committed; tests fail when it drifts). */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildApiSchema, printApiSchema } from './schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../../schema.graphql', import.meta.url));

await writeFile(SCHEMA_FILE, printApiSchema(await buildApiSchema()));
console.log(`wrote ${SCHEMA_FILE}`);
