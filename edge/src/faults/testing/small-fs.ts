import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tiny tmpfs that a test can fill to the last byte: SQLite then meets a real "No space left on
 * device", as on a full SD card. Mounting needs root (CAP_SYS_ADMIN); where the test machine does
 * not allow it, `mountSmallFs` returns null and the caller injects the fault at the SQLite boundary.
 */
export class SmallFs {
  private readonly filler: string;

  private constructor(readonly dir: string) {
    this.filler = join(dir, 'filler');
  }

  static mount(sizeMiB: number): SmallFs | null {
    if (process.getuid?.() !== 0) return null;
    const dir = mkdtempSync(join(tmpdir(), 'regiobox-smallfs-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], {
        stdio: 'ignore',
      });
      return new SmallFs(dir);
    } catch {
      rmdirSync(dir);
      return null;
    }
  }

  /** Writes a file until the file system has no byte left. */
  fill(): void {
    const fd = openSync(this.filler, 'a');
    const chunk = Buffer.alloc(64 * 1024);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
    } finally {
      closeSync(fd);
    }
    // the last partial pages too
    const small = openSync(this.filler, 'a');
    try {
      for (;;) writeSync(small, Buffer.alloc(512));
    } catch {
      // ENOSPC: full to the byte
    } finally {
      closeSync(small);
    }
  }

  free(): void {
    rmSync(this.filler, { force: true });
  }

  unmount(): void {
    execFileSync('umount', ['-l', this.dir], { stdio: 'ignore' });
    rmdirSync(this.dir);
  }
}
