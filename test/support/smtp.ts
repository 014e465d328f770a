import { SMTPServer } from 'smtp-server';

export type ReceivedMail = { to: string; subject: string; text: string };

/** Undoes quoted-printable soft breaks and `=3D`, enough to read links and subjects. */
function decode(raw: string): string {
  const soft = raw.replace(/=\r?\n/g, '');
  // Bytes, then UTF-8: `=C3=A9` is one "é", not two characters.
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP listener (on a free port unless given one) that keeps every message it receives. */
export async function startSmtp(
  options: { refuse?: boolean; refuseTo?: (address: string) => boolean; port?: number } = {},
) {
  /** The addresses refused, once per attempt. */
  const refused: string[] = [];
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!options.refuse && !options.refuseTo?.(address.address)) return callback();
      refused.push(address.address);
      const error = Object.assign(
        new Error(`5.1.1 <${address.address}>: Recipient address rejected`),
        {
          responseCode: 550,
        },
      );
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subjectLine = /^Subject: (.*)$/m.exec(raw)?.[1] ?? '';
        const subject = subjectLine.startsWith('=?') ? decodeMimeWord(subjectLine) : subjectLine;
        for (const rcpt of session.envelope.rcptTo)
          received.push({ to: rcpt.address, subject, text: decode(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refused,
    /** Waits for the `count`-th message to an address and returns it. */
    async waitFor(to: string, count = 1, timeoutMs = 30_000): Promise<ReceivedMail> {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
        const mails = received.filter((m) => m.to === to);
        if (mails.length >= count) return mails[count - 1]!;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no email number ${count} for ${to}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decodes an RFC 2047 encoded-word subject such as =?UTF-8?Q?...?= or =?UTF-8?B?...?=. */
function decodeMimeWord(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi,
    (_m, _charset: string, kind: string, text: string) => {
      if (kind.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text
        .replace(/_/g, ' ')
        .replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => `%${hex}`);
      return decodeURIComponent(bytes);
    },
  );
}

export const linkIn = (mail: ReceivedMail) =>
  /(https?:\/\/\S+#token=[A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
