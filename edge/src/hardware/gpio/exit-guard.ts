import type { GpioOutputLine } from '@regiobox/hardware-api';

const guarded = new Set<readonly GpioOutputLine[]>();

/**
 * On any exit that still runs JavaScript (process.exit, an uncaught exception, the end of the event
 * loop) every guarded relay is driven off synchronously. A SIGKILL or a power cut skips this; the
 * chardev backend bounds each pulse in the kernel-side tool for that case.
 */
function releaseEverything(): void {
  for (const lines of guarded) {
    for (const line of lines) {
      try {
        line.writeInactiveSync();
      } catch {
        // Nothing can be reported any more at exit; keep going so the other relays are released.
      }
    }
  }
}

export function guardRelaysOnExit(lines: readonly GpioOutputLine[]): () => void {
  if (guarded.size === 0) process.on('exit', releaseEverything);
  guarded.add(lines);
  return () => {
    guarded.delete(lines);
    if (guarded.size === 0) process.off('exit', releaseEverything);
  };
}
