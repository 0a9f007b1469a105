/**
 * Starting a worker thread from a module of this package, from the compiled JavaScript (`pnpm start`, dist/) or
 * from the TypeScript sources (tests, development).
 *
 * The sources run under swc-node's loader, whose native addon crashes the process when a second thread loads it;
 * so for a worker the sources are transpiled here with TypeScript (a development dependency, as are the sources'
 * other tools) into a temporary directory, once per process. Only the entry and the modules it imports by relative
 * path are transpiled — a worker module imports node builtins, packages and its own folder, nothing of the ORM.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const transpiled = new Map<string, Promise<URL>>();

/**
 * The worker `entry` (a `.js` URL beside the caller, as the compiled code has it) as a Worker. From the sources,
 * where only `entry`'s `.ts` exists, that file and its relative imports are transpiled first.
 */
export async function startWorker(entry: URL, options: WorkerOptions): Promise<Worker> {
  const file = fileURLToPath(entry);
  if (existsSync(file)) return new Worker(entry, options);
  const source = file.replace(/\.js$/, '.ts');
  if (!existsSync(source)) throw new Error(`worker module not found: ${file}`);
  let url = transpiled.get(source);
  if (!url) transpiled.set(source, (url = transpile(source)));
  return new Worker(await url, options);
}

async function transpile(entry: string): Promise<URL> {
  const ts = (await import('typescript')).default;
  const root = path.dirname(entry);
  const out = mkdtempSync(path.join(tmpdir(), 'askue-worker-'));
  process.once('exit', () => rmSync(out, { recursive: true, force: true }));
  writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
  const done = new Set<string>();
  const visit = (file: string) => {
    if (done.has(file)) return;
    done.add(file);
    const relative = path.relative(root, file);
    if (relative.startsWith('..')) throw new Error(`a worker module may import only from its own folder: ${file}`);
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
    });
    const target = path.join(out, relative.replace(/\.ts$/, '.js'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, outputText);
    for (const m of outputText.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)\.js['"]/g)) visit(path.resolve(path.dirname(file), `${m[1]}.ts`));
  };
  visit(entry);
  return pathToFileURL(path.join(out, path.basename(entry).replace(/\.ts$/, '.js')));
}
