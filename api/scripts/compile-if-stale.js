// @ts-check
/**
 * `pnpm start` runs the API and the bridge as JavaScript compiled ahead of time, not through a TypeScript loader:
 * the loader costs about a second per process at every start (it loads the TypeScript compiler to read
 * tsconfig, then transpiles every file again). This compiles api/src → api/dist and device-bridge/src →
 * device-bridge/dist with the very settings the loader uses (swc-node's own tsconfig translation, so that
 * decorators and their metadata come out the same), and only when a source is newer than the last compile.
 * Tests and development keep running the sources through the loader.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(path.join(apiDir, 'package.json'));
const packages = [apiDir, path.dirname(require.resolve('@askue/device-bridge/package.json'))];

/** @param {string} dir @returns {string[]} */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.(test|d)\.ts$/.test(e.name) ? [p] : [];
  });
}

/**
 * Runs `fn` holding `<pkg>/.dist.lock` (a directory: made atomically): processes started together (tests run in
 * parallel, a cluster) compile once, the others wait and then find it done. A lock older than two minutes is
 * taken to be left behind by a killed compile.
 * @template T @param {string} pkg @param {() => Promise<T>} fn @returns {Promise<T>}
 */
async function withLock(pkg, fn) {
  const lock = path.join(pkg, '.dist.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** @param {string} pkg */
async function compile(pkg) {
  const src = path.join(pkg, 'src');
  const dist = path.join(pkg, 'dist');
  const stamp = path.join(dist, '.compiled');
  const files = sources(src);
  const inputs = [...files, path.join(pkg, 'tsconfig.json'), path.join(apiDir, '..', 'tsconfig.base.json')];
  const fresh = () => existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map((f) => statSync(f).mtimeMs));
  if (fresh()) return false;
  return withLock(pkg, async () => {
    if (fresh()) return false; // another process compiled it while this one waited

    // swc-node's own transform (@swc-node/core) takes the options its tsconfig translation produces.
    const fromRegister = createRequire(require.resolve('@swc-node/register/read-default-tsconfig'));
    const { transform } = fromRegister('@swc-node/core');
    const { readDefaultTsConfig, tsCompilerOptionsToSwcConfig } = require('@swc-node/register/read-default-tsconfig');
    const options = readDefaultTsConfig(path.join(pkg, 'tsconfig.json'));
    options.module = 99; // ts.ModuleKind.ESNext, as swc-node's ESM loader sets it
    // Into a fresh folder, swapped in whole: a process running from dist/ never sees it half written.
    const next = path.join(pkg, `dist.next-${process.pid}`);
    rmSync(next, { recursive: true, force: true });
    await Promise.all(
      files.map(async (file) => {
        const swc = tsCompilerOptionsToSwcConfig(options, file);
        const { code } = await transform(await readFile(file, 'utf8'), file, { ...swc, sourcemap: 'inline' });
        const out = path.join(next, path.relative(src, file)).replace(/\.ts$/, '.js');
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, code);
      }),
    );
    writeFileSync(path.join(next, '.compiled'), new Date().toISOString() + '\n');
    const old = path.join(pkg, `dist.old-${process.pid}`);
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(next, dist);
    rmSync(old, { recursive: true, force: true });
    return true;
  });
}

const compiled = [];
for (const pkg of packages) if (await compile(pkg)) compiled.push(path.basename(pkg));
if (compiled.length) console.log(`Скомпилировано: ${compiled.join(', ')}`);
