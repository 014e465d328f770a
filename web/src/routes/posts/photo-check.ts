import { PHOTO_MAX_BYTES } from '../../../../common/constants.ts';

/** The first bytes of each kind of photo the server takes (it reads the content, not the name). */
const SIGNATURES: Array<(bytes: Uint8Array) => boolean> = [
  (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, // JPEG
  (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47, // PNG
  (b) =>
    String.fromCharCode(...b.slice(0, 4)) === 'RIFF' &&
    String.fromCharCode(...b.slice(8, 12)) === 'WEBP', // WebP
];

/**
 * What is wrong with a chosen file before anything is posted: too large, or not a JPEG, PNG or
 * WebP photo whatever its name says (a PDF renamed .jpg would otherwise fail only after the post
 * is published).
 */
export async function photoProblem(file: File): Promise<'too-large' | 'not-a-photo' | null> {
  if (file.size > PHOTO_MAX_BYTES) return 'too-large';
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  return SIGNATURES.some((matches) => matches(head)) ? null : 'not-a-photo';
}
