// A local stand-in for a browser's push service (RFC 8030), speaking its real HTTP API over
// HTTPS, as web-push needs: it checks each push's VAPID signature (RFC 8292), decrypts the body
// with the subscription's private keys (RFC 8291, aes128gcm of RFC 8188) and keeps what arrived.
// Its certificate is self-signed (test/fixtures/push-service); the test configs trust it through
// NODE_EXTRA_CA_CERTS, so the server's code is the code that runs in production.
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../server/web-build.ts';

const FIXTURES = path.join(projectRoot, 'test', 'fixtures', 'push-service');
/** The certificate the stand-in serves; the test configs add it to Node's trusted CAs. */
export const PUSH_SERVICE_CA = path.join(FIXTURES, 'cert.pem');

/** One push as the stand-in received it, decrypted. */
export type ReceivedPush = {
  endpoint: string;
  headers: Record<string, string | undefined>;
  /** The decrypted payload as text. */
  text: string;
  /** The VAPID public key the push was signed with, and the JWT's claims. */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
};

type Device = { ecdh: ReturnType<typeof createECDH>; auth: Buffer; endpoint: string };

/** Starts the stand-in on 127.0.0.1; its host (with port) goes into PUSH_SERVICE_HOSTS. */
export async function startPushService() {
  const devices = new Map<string, Device>();
  const gone = new Set<string>();
  const received: ReceivedPush[] = [];
  const rejected: Array<{ endpoint: string; reason: string }> = [];
  const waiters: Array<() => void> = [];
  let answerWith: number | null = null;

  const server = https.createServer(
    {
      cert: fs.readFileSync(PUSH_SERVICE_CA),
      key: fs.readFileSync(path.join(FIXTURES, 'key.pem')),
    },
    (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const endpoint = `https://${request.headers.host}${request.url}`;
        const refuse = (status: number, reason: string) => {
          rejected.push({ endpoint, reason });
          response.writeHead(status).end(reason);
          for (const wake of waiters.splice(0)) wake();
        };
        if (request.method !== 'POST') return refuse(405, 'only POST');
        if (gone.has(endpoint)) return refuse(410, 'this subscription has expired');
        const device = devices.get(endpoint);
        if (!device) return refuse(404, 'no such subscription');
        if (answerWith) return refuse(answerWith, 'told to refuse');
        try {
          const { key, claims } = checkVapid(request.headers.authorization, endpoint);
          if (request.headers['content-encoding'] !== 'aes128gcm') {
            throw new Error('Content-Encoding must be aes128gcm');
          }
          const ttl = request.headers.ttl as string | undefined;
          if (!/^\d+$/.test(ttl ?? '')) throw new Error('TTL is required');
          const text = decrypt(Buffer.concat(chunks), device).toString('utf8');
          received.push({
            endpoint,
            headers: {
              ttl,
              urgency: request.headers.urgency as string | undefined,
              topic: request.headers.topic as string | undefined,
            },
            text,
            vapidKey: key,
            claims,
          });
          response.writeHead(201, { location: `${endpoint}/messages/${received.length}` }).end();
          for (const wake of waiters.splice(0)) wake();
        } catch (error) {
          refuse(400, (error as Error).message);
        }
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    /** For PUSH_SERVICE_HOSTS. */
    host,
    received,
    rejected,
    /**
     * A new browser's subscription, as `PushSubscription.toJSON()` gives it: an address on this
     * service and the public halves of the keys, whose private halves only the stand-in holds.
     */
    newSubscription() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `https://${host}/push/${randomBytes(12).toString('base64url')}`;
      devices.set(endpoint, { ecdh, auth, endpoint });
      return {
        endpoint,
        expirationTime: null,
        keys: {
          p256dh: ecdh.getPublicKey().toString('base64url'),
          auth: auth.toString('base64url'),
        },
      };
    },
    /** From now on this subscription answers 410 Gone, as a service does once a browser left. */
    expire(endpoint: string) {
      gone.add(endpoint);
    },
    /** Every push answers this status (a 503 outage), or normally again with null. */
    answer(status: number | null) {
      answerWith = status;
    },
    /** The pushes received for an address. */
    pushesFor(endpoint: string) {
      return received.filter((push) => push.endpoint === endpoint);
    },
    /** Resolves when `count` pushes (or refusals) have reached this address. */
    async waitFor(endpoint: string, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      const reached = () =>
        received.filter((p) => p.endpoint === endpoint).length +
        rejected.filter((r) => r.endpoint === endpoint).length;
      while (reached() < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} push(es) at ${endpoint}, got ${reached()}`);
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return this.pushesFor(endpoint);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type PushService = Awaited<ReturnType<typeof startPushService>>;

/**
 * `Authorization: vapid t=<JWT>, k=<public key>` (RFC 8292): the JWT is ES256, signed by the
 * key given, for this push service's origin, and not expired (at most 24 hours ahead).
 */
function checkVapid(header: string | undefined, endpoint: string) {
  const found = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!found) throw new Error('Authorization must be "vapid t=…, k=…"');
  const [, jwt, key] = found as unknown as [string, string, string];
  const [head, body, signature] = jwt.split('.') as [string, string, string];
  const header64 = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string };
  if (header64.alg !== 'ES256') throw new Error('the JWT must be ES256');
  const point = Buffer.from(key, 'base64url');
  const publicKey = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const isSigned = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!isSigned) throw new Error('the VAPID signature does not verify');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
    aud: string;
    exp: number;
    sub: string;
  };
  if (claims.aud !== new URL(endpoint).origin) throw new Error('the JWT is for another audience');
  const now = Date.now() / 1000;
  if (!(claims.exp > now && claims.exp <= now + 24 * 60 * 60)) {
    throw new Error('the JWT has expired or lives too long');
  }
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error('sub must be mailto: or https:');
  return { key, claims };
}

/** RFC 8291 §3.4 and RFC 8188 §2: the body is salt | rs | idlen | keyid (the sender's key) | record. */
function decrypt(body: Buffer, device: Device) {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const shared = device.ecdh.computeSecret(senderKey);
  const info = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    device.ecdh.getPublicKey(),
    senderKey,
  ]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, device.auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: aes128gcm\0', 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, 'Content-Encoding: nonce\0', 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([
    decipher.update(record.subarray(0, record.length - 16)),
    decipher.final(),
  ]);
  // The last record: the content, then the delimiter 0x02, then any zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('the record has no last-record delimiter');
  return padded.subarray(0, end);
}
