import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import sharp, { type OutputInfo } from 'sharp';
import { PHOTO_MAX_BYTES, PHOTOS_PER_POST } from '../../../common/constants.ts';
import type { TProblemCode } from '../../../common/problem.ts';
import { postPhotos } from '../../db/schema/index.ts';
import type { Deps } from '../../deps.ts';
import { badRequest, notFound } from '../../http/errors.ts';
import type { User } from '../accounts/types.ts';
import * as policy from './policy.ts';
import { type LoadedPost, loadPost } from './posts.ts';

export { PHOTO_MAX_BYTES, PHOTOS_PER_POST } from '../../../common/constants.ts';

const FORMATS = new Set(['jpeg', 'png', 'webp']);
const FULL_PX = 1600;
const THUMB_PX = 400;

type PhotoDeps = Pick<Deps, 'db' | 'config'>;
export type Photo = typeof postPhotos.$inferSelect;

const photoPath = (deps: PhotoDeps, photo: Pick<Photo, 'id' | 'postId'>, size: 'full' | 'thumb') =>
  path.join(deps.config.uploadsDir, photo.postId, `${photo.id}-${size}.webp`);

const refuse = (code: TProblemCode, fileName: string, reason: string) =>
  badRequest(code, `${fileName}: ${reason}`, [
    { field: 'photo', code, message: `${fileName}: ${reason}` },
  ]);

/**
 * Adds a photo to a post: checked by its content (JPEG, PNG or WebP, whatever its name says),
 * turned upright, resized, and saved as WebP with a thumbnail. Re-encoding drops every bit of
 * metadata, EXIF GPS included (SAFETY 4).
 */
export async function addPhoto(
  deps: PhotoDeps,
  options: { loaded: LoadedPost; bytes: Buffer; fileName: string },
): Promise<Photo> {
  const { post } = options.loaded;
  const name = options.fileName;
  if (options.bytes.length === 0) throw refuse('empty-file', name, 'the file is empty.');
  if (options.bytes.length > PHOTO_MAX_BYTES) {
    throw refuse('photo-too-large', name, 'the photo is larger than 10 MB.');
  }
  const [{ value: existing } = { value: 0 }] = await deps.db
    .select({ value: count() })
    .from(postPhotos)
    .where(eq(postPhotos.postId, post.id));
  if (existing >= PHOTOS_PER_POST) {
    throw refuse('too-many-photos', name, `a post has at most ${PHOTOS_PER_POST} photos.`);
  }
  const metadata = await sharp(options.bytes)
    .metadata()
    .catch(() => undefined);
  if (!metadata?.format || !FORMATS.has(metadata.format)) {
    throw refuse('not-a-photo', name, 'this is not a JPEG, PNG or WebP photo.');
  }
  const id = randomUUID();
  const target = { id, postId: post.id };
  await fs.mkdir(path.dirname(photoPath(deps, target, 'full')), { recursive: true });
  const resize = (px: number) =>
    sharp(options.bytes)
      .rotate()
      .resize({ width: px, height: px, fit: 'inside', withoutEnlargement: true });
  let full: OutputInfo;
  try {
    full = await resize(FULL_PX)
      .webp({ quality: 80 })
      .toFile(photoPath(deps, target, 'full'));
    await resize(THUMB_PX)
      .webp({ quality: 70 })
      .toFile(photoPath(deps, target, 'thumb'));
  } catch {
    await removeFiles(deps, target);
    throw refuse('not-a-photo', name, 'this photo could not be read. It may be damaged.');
  }
  const [row] = await deps.db
    .insert(postPhotos)
    .values({
      id,
      postId: post.id,
      position: existing,
      width: full.width,
      height: full.height,
      bytes: full.size,
    })
    .returning();
  return row!;
}

async function removeFiles(deps: PhotoDeps, photo: Pick<Photo, 'id' | 'postId'>) {
  for (const size of ['full', 'thumb'] as const) {
    await fs.rm(photoPath(deps, photo, size), { force: true });
  }
}

/** A photo's file, for someone who may read the whole post; 404 otherwise. */
export async function openPhoto(
  deps: PhotoDeps,
  options: { photoId: string; size: 'full' | 'thumb'; user: User | null },
) {
  const [photo] = await deps.db.select().from(postPhotos).where(eq(postPhotos.id, options.photoId));
  if (!photo) throw notFound('photo');
  const loaded = await loadPost(deps, photo.postId, options.user);
  if (!policy.canReadWhole(loaded.membership)) throw notFound('photo');
  return { photo, file: photoPath(deps, photo, options.size) };
}

export async function deletePhoto(deps: PhotoDeps, options: { photoId: string; user: User }) {
  const [photo] = await deps.db.select().from(postPhotos).where(eq(postPhotos.id, options.photoId));
  if (!photo) throw notFound('photo');
  const loaded = await loadPost(deps, photo.postId, options.user);
  if (!policy.isAuthor(loaded.post, options.user.id)) throw notFound('photo');
  await deps.db.delete(postPhotos).where(eq(postPhotos.id, photo.id));
  await removeFiles(deps, photo);
}
