import type { AppDeps } from '../deps.ts';
import { describeError } from '../log.ts';
import type { JobRunner } from './queue.ts';

/**
 * Wakes a job whose work is recorded in the database as that work is made: the instance hears
 * every change on `channel` (whichever instance made it) and, when `isFor(payload)`, asks for a
 * run, at most once a second. The job's queue keeps one run waiting at most, so every instance
 * can ask; its schedule runs it anyway for wakes that were lost. Returns a stop.
 */
export function wakeJobOn(
  deps: Pick<AppDeps, 'listener' | 'jobs' | 'log'>,
  channel: string,
  name: Parameters<JobRunner['wake']>[0],
  isFor: (payload: string) => boolean,
) {
  let timer: NodeJS.Timeout | null = null;
  let last = 0;
  deps.listener.on(channel, (payload) => {
    if (timer || !isFor(payload)) return;
    timer = setTimeout(
      () => {
        timer = null;
        last = Date.now();
        deps.jobs.wake(name).catch((error: unknown) => {
          deps.log.warn({ error: describeError(error), job: name }, 'could not wake a job');
        });
      },
      Math.max(0, last + 1000 - Date.now()),
    );
    timer.unref();
  });
  return () => {
    if (timer) clearTimeout(timer);
  };
}
