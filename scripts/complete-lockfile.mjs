#!/usr/bin/env node
/**
 * Completes package-lock.json with entries for platform-specific optional packages that the
 * registry this project is built against does not serve (it answers 404 for, e.g., rollup's
 * Android/macOS/Windows binaries), so `npm install` leaves them out of the lock and npm 11's `npm ci`
 * then refuses the lock as out of sync. Each added entry carries only version, os/cpu/libc and
 * optional: `npm ci` skips it on this platform and never fetches it. Run after any `npm install`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** os / cpu / libc of a platform package from its name suffix (rollup's naming). */
function platformOf(suffix) {
  const [os, cpu, abi] = suffix.split('-');
  const cpuName = {
    arm: 'arm',
    arm64: 'arm64',
    x64: 'x64',
    ia32: 'ia32',
    loong64: 'loong64',
    ppc64: 'ppc64',
    riscv64: 'riscv64',
    s390x: 's390x',
  }[cpu];
  const osName = {
    android: 'android',
    darwin: 'darwin',
    freebsd: 'freebsd',
    linux: 'linux',
    openbsd: 'openbsd',
    openharmony: 'openharmony',
    win32: 'win32',
  }[os];
  if (!cpuName || !osName) return undefined;
  const entry = { cpu: [cpuName], os: [osName] };
  if (osName === 'linux' && abi) entry.libc = [abi.startsWith('musl') ? 'musl' : 'glibc'];
  return entry;
}

let added = 0;
for (const [path, info] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(info.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${path}/node_modules/${name}`;
    if (packages[key] || packages[nested]) continue;
    const match = /^@rollup\/rollup-(.+)$/.exec(name);
    const platform = match && platformOf(match[1]);
    if (!platform) continue;
    packages[key] = {
      version: range,
      ...platform,
      dev: info.dev === true || undefined,
      license: 'MIT',
      optional: true,
    };
    added++;
  }
}
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
lock.packages = sorted;
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform entries added`);
