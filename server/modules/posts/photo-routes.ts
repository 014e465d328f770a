import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZPost } from '../../../common/posts.ts';
import type { Deps } from '../../deps.ts';
import { requireUser } from '../../http/auth.ts';
import { createLimiter } from '../../http/rate-limit.ts';
import { problems, ZIdParam as ZPostParams } from '../../http/schemas.ts';
import { addPhoto, deletePhoto, openPhoto } from './photos.ts';
import { loadOwnPost } from './posts.ts';
import { presentPosts } from './present-posts.ts';

const tags = ['posts'];
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'];

/** Photos travel as the request body itself (one per request), named in X-File-Name. */
export async function photoRoutes(app: FastifyInstance, deps: Deps) {
  // Read image bodies as bytes; what they really are is decided from their content.
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
    done(null, body),
  );
  const api = app.withTypeProvider<ZodTypeProvider>();
  const uploadLimit = createLimiter(app, { name: 'photo', max: 60, windowMs: 60 * 60_000 });

  api.post(
    '/api/v1/posts/:id/photos',
    {
      bodyLimit: 25 * 1024 * 1024,
      schema: {
        tags,
        summary: 'Add a photo to your post (JPEG, PNG or WebP, up to 10 MB; at most 4)',
        description:
          'Send the photo as the body, with its type as Content-Type and its name (URL-encoded) in X-File-Name. It is checked by content, resized, and stored without metadata.',
        params: ZPostParams,
        response: { 201: ZPost, ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const loaded = await loadOwnPost(deps, request.params.id, user);
      await uploadLimit(request, user.id);
      const header = request.headers['x-file-name'];
      let fileName = 'The photo';
      if (typeof header === 'string' && header) {
        try {
          fileName = decodeURIComponent(header).slice(0, 200);
        } catch {
          fileName = header.slice(0, 200);
        }
      }
      const body = request.body as unknown;
      const bytes = Buffer.isBuffer(body)
        ? body
        : typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.alloc(0);
      await addPhoto(deps, { loaded, bytes, fileName });
      const [post] = await presentPosts(deps, {
        rows: [{ post: loaded.post, distanceKm: null }],
        group: loaded.group,
        membership: loaded.membership,
        viewerId: user.id,
      });
      return reply.code(201).send(post!);
    },
  );

  api.get(
    '/api/v1/photos/:id',
    {
      schema: {
        tags,
        summary: 'A photo (members of its group), full size or as a thumbnail',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({ size: z.enum(['full', 'thumb']).default('full') }),
        response: { ...problems },
      },
    },
    async (request, reply) => {
      const { file } = await openPhoto(deps, {
        photoId: request.params.id,
        size: request.query.size,
        user: request.user,
      });
      // A photo never changes under its id; it is private to members, so no shared caches.
      return reply
        .type('image/webp')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(createReadStream(file) as never);
    },
  );

  api.delete(
    '/api/v1/photos/:id',
    {
      schema: {
        tags,
        summary: 'Remove a photo from your post',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      await deletePhoto(deps, { photoId: request.params.id, user });
      return reply.code(204).send(null);
    },
  );
}
