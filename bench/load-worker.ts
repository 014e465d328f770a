// Runs autocannon in its own thread, cycling through the given paths, and posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, duration, paths, headers } = workerData as {
  url: string;
  connections: number;
  duration: number;
  paths: string[];
  headers?: Record<string, string>;
};
// Exported by autocannon but missing from its type definitions.
const aggregate = (
  autocannon as unknown as { aggregateResult: (r: unknown[], o: object) => unknown }
).aggregateResult;
let next = 0;
const result = await autocannon({
  url,
  connections,
  duration,
  ...(headers ? { headers } : {}),
  requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
});
// Inside a worker thread autocannon hands back raw histograms; summarise them as it would.
parentPort?.postMessage(JSON.parse(JSON.stringify(aggregate([result], { url, connections }))));
