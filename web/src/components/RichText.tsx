import { Fragment } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/gi;

/**
 * Someone's text, shown as text (SAFETY 19): line breaks kept, http(s) addresses made into
 * links that open without passing on who sent them. Nothing is ever read as HTML, so
 * `<script>`, `onerror=` and `javascript:` stay words on the screen.
 */
export function RichText({ text, className }: { text: string; className?: string }) {
  // Each part is keyed by where it starts in the text: stable, and unique.
  const parts: Array<{ at: number; text: string; isLink: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ at: last, text: text.slice(last, start), isLink: false });
    parts.push({ at: start, text: match[0], isLink: true });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ at: last, text: text.slice(last), isLink: false });
  return (
    <p className={['pre-line', className].filter(Boolean).join(' ')}>
      {parts.map((part) =>
        part.isLink ? (
          <a key={part.at} href={part.text} rel="noopener noreferrer nofollow ugc" target="_blank">
            {part.text}
          </a>
        ) : (
          <Fragment key={part.at}>{part.text}</Fragment>
        ),
      )}
    </p>
  );
}
