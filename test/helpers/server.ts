import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'main.js');

/**
 * The node options of `npm start` (package.json "start": "node <options> dist/main.js"), so that
 * tests and benches run the server as production does.
 */
export function startOptions(startScript: string): string[] {
  const words = startScript.trim().split(/\s+/);
  const main = words.indexOf('dist/main.js');
  if (words[0] !== 'node' || main < 0) throw new Error(`unexpected start script: ${startScript}`);
  return words.slice(1, main);
}

const START_OPTIONS = startOptions(
  (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start,
);

export interface RunningServer {
  url: string;
  port: number;
  pid: number;
  /** Everything the process wrote to stdout and stderr, line by line. */
  output: string[];
  process: ChildProcess;
  /** SIGTERM, then wait for the exit (SIGKILL after the grace time). */
  stop(graceMs?: number): Promise<number | null>;
  /** SIGKILL, as a crash or the OOM killer would: nothing runs on the way out. Resolves on exit. */
  kill(): Promise<void>;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/**
 * Starts the built server (node dist/main.js, with the node options of `npm start`) as its own
 * process — exactly what `npm start` runs — and resolves once it listens. NestJS 12 ships as ESM,
 * which jest's CommonJS runtime on Node 20 cannot load, so e2e tests drive the real process over
 * HTTP.
 */
export function startServer(
  env: Record<string, string | undefined>,
  options: { script?: string; args?: string[]; readyPattern?: RegExp; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const script = options.script ?? MAIN;
  const nodeOptions = script === MAIN ? START_OPTIONS : [];
  const child = spawn(process.execPath, [...nodeOptions, script, ...(options.args ?? [])], {
    cwd: env.CWD ?? ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const listeners = new Set<() => void>();
  let buffered = '';
  const onData = (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    output.push(...lines);
    listeners.forEach((l) => l());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  let exitCode: number | null = null;
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true;
      exitCode = code;
      if (buffered) output.push(buffered);
      listeners.forEach((l) => l());
      resolve(code);
    }),
  );

  const waitForOutput = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const line = output.find((l) => pattern.test(l));
        if (line) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve(line);
        } else if (exited) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(
            new Error(
              `server exited (${exitCode}) before printing ${pattern}:\n${output.slice(-30).join('\n')}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${pattern}:\n${output.slice(-30).join('\n')}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });

  const stop = async (graceMs = 15_000) => {
    if (exited) return exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exit;
    clearTimeout(timer);
    return code;
  };

  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await exit;
  };

  const readyPattern = options.readyPattern ?? /listening on http:\/\/localhost:(\d+)/;
  return waitForOutput(readyPattern, options.timeoutMs ?? 60_000).then(
    (line) => {
      const port = Number(readyPattern.exec(line)?.[1] ?? 0);
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid: child.pid!,
        output,
        process: child,
        stop,
        kill,
        waitForOutput,
      };
    },
    async (err) => {
      child.kill('SIGKILL');
      throw err;
    },
  );
}
