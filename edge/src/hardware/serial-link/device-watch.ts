import { access, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SerialBinding } from './serial-binding.js';

export interface DeviceWatchOptions {
  readonly path: string;
  /** a custom binding (the simulator's) knows its devices; the operating system's are files */
  readonly binding?: SerialBinding;
  readonly pollMs: number;
}

/**
 * Waits for an unplugged serial adapter to come back. fs.watch on the device's directory
 * (`/dev/serial/by-id`) answers the moment udev creates the link; a stat() every `pollMs` covers the
 * directory itself vanishing with the last adapter, and file systems where watch sees nothing.
 * Neither touches the device, so waiting costs nothing however long the adapter stays away.
 */
export class DeviceWatch {
  private timer: NodeJS.Timeout | null = null;
  private watcher: { close(): void } | null = null;
  private checking = false;

  constructor(private readonly options: DeviceWatchOptions) {}

  /** Calls `onPresent` once, as soon as the device path exists; `cancel()` stops waiting. */
  wait(onPresent: () => void): void {
    this.cancel();
    const check = () => {
      if (this.checking || this.timer === null) return;
      this.checking = true;
      void this.present().then((present) => {
        this.checking = false;
        if (!present || this.timer === null) return;
        this.cancel();
        onPresent();
      });
    };
    this.timer = setInterval(check, this.options.pollMs);
    if (this.options.binding === undefined) this.watchDirectory(check);
  }

  cancel(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.watcher?.close();
    this.watcher = null;
  }

  private watchDirectory(check: () => void): void {
    const name = basename(this.options.path);
    try {
      const watcher = watch(dirname(this.options.path), (_event, file) => {
        if (file === null || file === name) check();
      });
      watcher.on('error', () => watcher.close());
      this.watcher = watcher;
    } catch {
      // the directory is gone too (no adapter left): the poll finds the device when it returns
    }
  }

  private async present(): Promise<boolean> {
    const { binding, path } = this.options;
    if (binding !== undefined) return (await binding.list()).some((port) => port.path === path);
    return new Promise((resolve) => access(path, (err) => resolve(err === null)));
  }
}
