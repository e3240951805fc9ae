/**
 * Client worker processes: a bench script spawned through sh with a raised `ulimit -n`, asked
 * questions over the IPC channel one at a time. Spreading clients over processes keeps a single
 * client event loop from setting the pace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { RAISE_FD_LIMIT, track } from './servers.ts';

export interface WorkerProcess<Req, Reply extends { type: string }> {
  child: ChildProcess;
  ask<T extends Reply['type']>(req: Req, expect: T): Promise<Extract<Reply, { type: T }>>;
  /** Sends `req` (which must make the worker exit) and waits for the exit. */
  stop(req: Req): Promise<void>;
}

export async function startWorker<Req, Reply extends { type: string }>(script: string): Promise<WorkerProcess<Req, Reply>> {
  const child = track(
    spawn('sh', ['-c', RAISE_FD_LIMIT, 'sh', process.execPath, '--import', 'tsx', script], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return {
    child,
    ask(req, expect) {
      return new Promise((resolve, reject) => {
        child.once('message', (m: Reply) => (m.type === expect ? resolve(m as never) : reject(new Error(`${script}: ${JSON.stringify(m)}`))));
        child.send(req as object);
      });
    },
    async stop(req) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send(req as object);
      await exited;
    },
  };
}
