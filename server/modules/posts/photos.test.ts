import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/support/app.ts';
import {
  addMember,
  makeGroup,
  makePost,
  makeUser,
  signIn,
} from '../../../test/support/factories.ts';

const uploads = await fs.mkdtemp(path.join(os.tmpdir(), 'kindred-uploads-'));
afterAll(() => fs.rm(uploads, { recursive: true, force: true }));
const t = useTestApp({ UPLOADS_DIR: uploads });

/** A real JPEG from a phone camera: large, and carrying GPS coordinates in its EXIF. */
function cameraPhoto(width = 3000, height = 2000) {
  return sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 90 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: 'Cheap phone' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 25/1 4312/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '123/1 21/1 5528/100',
      },
    })
    .toBuffer();
}

async function setting() {
  const { group } = await makeGroup(t.deps);
  const author = await makeUser(t.deps);
  const member = await makeUser(t.deps);
  await addMember(t.deps, group, author);
  await addMember(t.deps, group, member);
  const post = await makePost(t.deps, { group, author });
  return {
    post,
    author: await signIn(t.deps, author),
    member: await signIn(t.deps, member),
    stranger: await signIn(t.deps, await makeUser(t.deps)),
  };
}

const upload = (postId: string, cookie: string, body: Buffer, name: string, type = 'image/jpeg') =>
  t.request({
    method: 'POST',
    url: `/api/v1/posts/${postId}/photos`,
    cookie,
    payload: body,
    headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
  });

describe('photos', () => {
  it('resizes a photo, makes a thumbnail and strips its EXIF (GPS included)', async () => {
    const s = await setting();
    const original = await cameraPhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const response = await upload(s.post.id, s.author, original, 'market.jpg');
    expect(response.statusCode).toBe(201);
    const [photo] = response.json().photos;
    expect(photo).toMatchObject({ width: 1600, height: 1067 });

    const full = await t.request({ url: photo.url, cookie: s.member });
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('image/webp');
    expect(full.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const stored = await sharp(full.rawPayload).metadata();
    expect(stored.format).toBe('webp');
    expect(stored.exif).toBeUndefined();
    expect(full.rawPayload.includes(Buffer.from('PhoneMaker'))).toBe(false);

    const thumb = await t.request({ url: photo.thumbnailUrl, cookie: s.member });
    expect((await sharp(thumb.rawPayload).metadata()).width).toBe(400);
  });

  it('checks content, not names: refuses anything else with 400 naming the file', async () => {
    const s = await setting();
    const notAPhoto = await upload(
      s.post.id,
      s.author,
      Buffer.from('%PDF-1.7 not an image'),
      'holiday.jpg',
    );
    expect(notAPhoto.statusCode).toBe(400);
    expect(notAPhoto.json()).toMatchObject({ code: 'not-a-photo', errors: [{ field: 'photo' }] });
    expect(notAPhoto.json().detail).toContain('holiday.jpg');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: 'red' } })
      .gif()
      .toBuffer();
    expect((await upload(s.post.id, s.author, gif, 'cat.gif', 'image/jpeg')).json().code).toBe(
      'not-a-photo',
    );
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    expect((await upload(s.post.id, s.author, svg, 'x.png', 'image/png')).statusCode).toBe(400);
    const big = Buffer.alloc(11 * 1024 * 1024, 1);
    const tooBig = await upload(s.post.id, s.author, big, 'huge.jpg');
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().detail).toContain('huge.jpg');
    const wrongType = await t.request({
      method: 'POST',
      url: `/api/v1/posts/${s.post.id}/photos`,
      cookie: s.author,
      payload: 'text',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().code).toBe('not-a-photo');
  });

  it('takes at most 4 per post, only from the author, and shows them only to members', async () => {
    const s = await setting();
    const small = await cameraPhoto(200, 100);
    for (let i = 0; i < 4; i++) {
      expect((await upload(s.post.id, s.author, small, `p${i}.jpg`)).statusCode).toBe(201);
    }
    const fifth = await upload(s.post.id, s.author, small, 'p5.jpg');
    expect(fifth.statusCode).toBe(400);
    expect(fifth.json().code).toBe('too-many-photos');
    expect((await upload(s.post.id, s.member, small, 'not-mine.jpg')).statusCode).toBe(404);

    const post = await t.request({ url: `/api/v1/posts/${s.post.id}`, cookie: s.member });
    const [first] = post.json().photos;
    expect(post.json().photos).toHaveLength(4);
    expect((await t.request({ url: first.url, cookie: s.stranger })).statusCode).toBe(404);
    expect((await t.request({ url: first.url })).statusCode).toBe(404);
    expect(
      (await t.request({ method: 'DELETE', url: first.url, cookie: s.member })).statusCode,
    ).toBe(404);
    expect(
      (await t.request({ method: 'DELETE', url: first.url, cookie: s.author })).statusCode,
    ).toBe(204);
    expect((await t.request({ url: first.url, cookie: s.author })).statusCode).toBe(404);

    // Deleting the post deletes its photos' files too.
    const folder = path.join(uploads, s.post.id);
    expect((await fs.readdir(folder)).length).toBe(6);
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/posts/${s.post.id}`, cookie: s.author }))
        .statusCode,
    ).toBe(204);
    await expect(fs.access(folder)).rejects.toThrow();
  });
});
