// Runs autocannon in its own thread (so it does not share an event loop with anything it
// measures), cycling through the given requests, and posts back the counts and every latency.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

/**
 * autocannon keeps each response's body as a string (for its `expectBody`, `verifyBody` and
 * `onResponse` options, which we don't use). Decoding a compressed body as UTF-8 costs about
 * 0.2 ms per 20 KB: with a board's 22 KB of Brotli the load generator held a core at 100% while
 * the server was 27% busy, so the run measured autocannon, not Kindred. Bytes are still counted.
 */
const bodyQueue = createRequire(import.meta.url)('autocannon/lib/pipelinedRequestsQueue.js') as {
  prototype: { addBody?: (data: Buffer) => void };
};
if (typeof bodyQueue.prototype.addBody !== 'function') {
  throw new Error('autocannon changed: bench/load-worker.ts must stop it keeping bodies anew');
}
bodyQueue.prototype.addBody = () => undefined;

export type RequestSpec = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};
export type LoadResult = {
  requests: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  latencies: number[];
  seconds: number;
};

const { url, duration, requests, once } = workerData as {
  url: string;
  connections: number;
  duration: number;
  requests: RequestSpec[];
  /** Send each request at most once (writes that may not repeat), stopping early if they run out. */
  once: boolean;
};
// autocannon needs at least one request per connection.
const connections = once
  ? Math.min(workerData.connections, requests.length)
  : (workerData.connections as number);
let next = 0;
const latencies: number[] = [];
const statusCodes: Record<string, number> = {};
const instance = autocannon(
  {
    url,
    connections,
    duration,
    ...(once ? { maxOverallRequests: requests.length } : {}),
    requests: [
      {
        setupRequest: (request) => {
          const spec = requests[next++ % requests.length]!;
          return {
            ...request,
            method: spec.method ?? 'GET',
            path: spec.path,
            headers: {
              ...request.headers,
              ...spec.headers,
              ...(spec.body ? { 'content-type': 'application/json' } : {}),
            },
            ...(spec.body ? { body: spec.body } : {}),
          };
        },
      },
    ],
  },
  (error, result) => {
    if (error) throw error;
    parentPort?.postMessage({
      requests: latencies.length,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      statusCodes,
      latencies,
      seconds: result.duration,
    } satisfies LoadResult);
  },
);
// autocannon's summary has p97.5 but no p95: keep every response time and take our own.
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  latencies.push(responseTime);
  statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
});
