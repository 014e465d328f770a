import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZPushDevice,
  ZPushDevices,
  ZPushPublicKey,
  ZPushSubscription,
} from '../../../common/notifications.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { problems } from '../../http/schemas.ts';
import * as push from './push.ts';

const tags = ['notifications'];

export async function pushRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/push/public-key',
    {
      schema: {
        tags,
        summary: 'The key a browser subscribes to this server’s pushes with (VAPID)',
        response: { 200: ZPushPublicKey, ...problems },
      },
    },
    async () => ({ publicKey: deps.vapid.publicKey }),
  );

  api.get(
    '/api/v1/me/push-subscriptions',
    {
      schema: {
        tags,
        summary: 'The devices I receive push notifications on',
        response: { 200: ZPushDevices, ...problems },
      },
    },
    async (request) => ({ items: await push.listDevices(deps.db, requireUser(request)) }),
  );

  api.post(
    '/api/v1/me/push-subscriptions',
    {
      schema: {
        tags,
        summary: 'Receive push notifications on this device (its PushSubscription, as JSON)',
        body: ZPushSubscription,
        response: { 201: ZPushDevice, ...problems },
      },
    },
    async (request, reply) => {
      const device = await push.saveDevice(
        deps.db,
        requireUser(request),
        request.body,
        deps.config.pushServiceHosts,
      );
      return reply.code(201).send(device);
    },
  );

  api.delete(
    '/api/v1/me/push-subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Stop push notifications on one of my devices',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await push.removeDevice(deps.db, requireUser(request), { id: request.params.id });
      return reply.code(204).send(null);
    },
  );

  api.post(
    '/api/v1/me/push-subscriptions/remove',
    {
      schema: {
        tags,
        summary: 'Stop push notifications on this device, named by its push address',
        body: z.object({ endpoint: z.url({ protocol: /^https$/ }).max(1000) }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await push.removeDevice(deps.db, requireUser(request), { endpoint: request.body.endpoint });
      return reply.code(204).send(null);
    },
  );
}
