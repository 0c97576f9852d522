import type { RandomSource } from './random.js';

/** Knobs for a bad line and a misbehaving board. All off by default. */
export interface LineFaultSettings {
  /** fraction of bytes lost, in both directions */
  dropByteRate: number;
  /** fraction of bytes altered, in both directions */
  corruptByteRate: number;
  /** the board answers this much later (board milliseconds) */
  replyDelayMs: number;
  /** the board neither hears nor says anything (a cut line, a hung firmware) */
  silent: boolean;
}

export const NO_FAULTS: LineFaultSettings = {
  dropByteRate: 0,
  corruptByteRate: 0,
  replyDelayMs: 0,
  silent: false,
};

/** Applies the byte-level faults with the injected random source, so a seed reproduces a run. */
export class LineFaults {
  settings: LineFaultSettings = { ...NO_FAULTS };
  /** replies still to swallow whole: a deterministic "the ACK got lost" */
  repliesToDrop = 0;
  bytesDropped = 0;
  bytesCorrupted = 0;

  constructor(private readonly random: RandomSource) {}

  update(settings: Partial<LineFaultSettings>): void {
    for (const rate of [settings.dropByteRate, settings.corruptByteRate]) {
      if (rate !== undefined && !(rate >= 0 && rate <= 1))
        throw new RangeError(`a rate is in [0, 1], got ${rate}`);
    }
    this.settings = { ...this.settings, ...settings };
  }

  reset(): void {
    this.settings = { ...NO_FAULTS };
    this.repliesToDrop = 0;
  }

  /** Returns the bytes as they arrive at the other end. */
  mangle(bytes: Buffer): Buffer {
    const { dropByteRate, corruptByteRate } = this.settings;
    if (dropByteRate === 0 && corruptByteRate === 0) return bytes;
    const out: number[] = [];
    for (const byte of bytes) {
      if (this.random() < dropByteRate) {
        this.bytesDropped++;
        continue;
      }
      if (this.random() < corruptByteRate) {
        this.bytesCorrupted++;
        out.push(byte ^ (1 + Math.floor(this.random() * 255)));
        continue;
      }
      out.push(byte);
    }
    return Buffer.from(out);
  }
}
