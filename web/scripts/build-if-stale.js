// @ts-check
/**
 * `pnpm start` builds the cabinet only when its sources are newer than the last build:
 * a full build takes several seconds, and starting the product should not.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const built = path.join(root, 'build', 'index.html');

/** @param {string} p @returns {number} */
function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

// The API's error reasons and quality requirements are bundled too (the Russian words are the API's own:
// @askue/api/reasons, @askue/api/requirements).
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json', '../api/src/errors/reasons.ts', '../api/src/quality/requirements.ts'].map((f) =>
  newest(path.join(root, f)),
);
if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources)) process.exit(0);

console.log('Сборка кабинета…');
// The bundler's progress and timing notes are noise here; its output is shown only when the build fails.
const result = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (result.status !== 0) process.stderr.write(`${result.stdout}\n${result.stderr}`);
process.exit(result.status ?? 1);
