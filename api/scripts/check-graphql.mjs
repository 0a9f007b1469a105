/**
 * `pnpm test` step of every package with gql.tada documents (run in the package's folder):
 *   node ../api/scripts/check-graphql.mjs <the tadaOutputLocation of its tsconfig> [tsconfig]
 * Fails when the committed introspection types no longer match `schema.graphql` (run `pnpm graphql` and commit
 * them) or when a document selects what the schema does not have (`gql.tada check`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const [committedPath, tsconfig = 'tsconfig.json'] = process.argv.slice(2);
if (!committedPath) throw new Error('usage: check-graphql.mjs <generated introspection file> [tsconfig]');
const bin = path.resolve('node_modules/.bin/gql.tada');
const run = (...args) => execFileSync(bin, [...args, '--tsconfig', tsconfig], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const dir = mkdtempSync(path.join(tmpdir(), 'gql-tada-'));
try {
  const fresh = path.join(dir, path.basename(committedPath));
  run('generate-output', '--output', fresh);
  if (readFileSync(fresh, 'utf8') !== readFileSync(committedPath, 'utf8')) {
    console.error(`${committedPath} is out of date with schema.graphql: run \`pnpm graphql\` and commit it`);
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
try {
  run('check', '--fail-on-warn');
} catch (err) {
  process.stdout.write(String(err.stdout ?? ''));
  console.error('GraphQL documents do not match schema.graphql (gql.tada check above)');
  process.exit(1);
}
console.log(`GraphQL documents and ${committedPath} match schema.graphql`);
