// One way in: every notification is written by notify.ts, inside the command's transaction or
// statement, so a rolled-back command tells nobody.
import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../web-build.ts';

describe('notifications', () => {
  it('are written only by notify.ts (no INSERT INTO notifications anywhere else)', async () => {
    const files = (await fs.readdir(path.join(projectRoot, 'server'), { recursive: true }))
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => path.join('server', file));
    expect(files.length).toBeGreaterThan(50);
    const writers: string[] = [];
    for (const file of files) {
      const text = await fs.readFile(path.join(projectRoot, file), 'utf8');
      if (/INSERT INTO notifications|\.insert\(notifications\)/i.test(text)) writers.push(file);
    }
    expect(writers).toEqual([path.join('server', 'modules', 'notifications', 'notify.ts')]);
  });
});
