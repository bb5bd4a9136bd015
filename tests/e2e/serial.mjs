// One e2e file at a time. Each file installs the package into www/node_modules (www/setup.sh
// removes the installed copy, then installs a fresh `npm pack` of pkg/) and runs its own portal
// from there, so two files running at once (`node --test` runs files in parallel on a machine
// with more than two cores) could pull the package out from under the other's server. Each file
// holds this lock from its set-up to its tear-down. The lock is a directory (mkdir is atomic)
// holding the owner's pid; a lock whose owner is gone (a crash, a kill) is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lockDir = join(root, 'tests', '.scratch', 'e2e.lock');
const ownerFile = join(lockDir, 'pid');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Waits (up to `timeoutMs`) for the lock; resolves with the function that releases it. */
export async function holdE2eLock({ timeoutMs = 10 * 60_000 } = {}) {
  mkdirSync(dirname(lockDir), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(ownerFile, String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try { owner = Number(readFileSync(ownerFile, 'utf8')); } catch { /* being created or removed */ }
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && !alive(owner)) {
        rmSync(lockDir, { recursive: true, force: true }); // its owner is gone
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another e2e file (pid ${owner}) held ${lockDir} for ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    try {
      if (Number(readFileSync(ownerFile, 'utf8')) === process.pid) rmSync(lockDir, { recursive: true, force: true });
    } catch { /* already gone */ }
  };
  process.once('exit', release);
  return release;
}
