/**
 * Image work in one process runs one job at a time. A job holds an image's decoded pixels and the
 * hash's float planes (up to 11 bytes a pixel: 440 MB for a 40-megapixel photo), and the process
 * stage handles a batch's records concurrently, so without this queue ten screenshots of one batch
 * would hold their pixels at once and exhaust the function's memory.
 */
let tail: Promise<unknown> = Promise.resolve();

/** Runs `job` after every job queued before it has settled; a failed job does not stop the next. */
export const oneImageAtATime = <T>(job: () => Promise<T>): Promise<T> => {
  const run = tail.then(job, job);
  tail = run.catch(() => undefined);
  return run;
};
