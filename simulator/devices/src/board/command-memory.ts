/**
 * The UNLOCK command ids the board executed most recently, with what they asked for: a retried
 * UNLOCK whose ACK was lost is answered again instead of pulsing twice (PROTOCOL.md 7.2).
 */
export interface RememberedUnlock {
  readonly channel: number;
  readonly pulseMs: number;
}

export class CommandMemory {
  /** Map keeps insertion order, so the first key is the oldest. */
  private readonly entries = new Map<number, RememberedUnlock>();

  constructor(private readonly capacity: number) {}

  recall(commandId: number): RememberedUnlock | undefined {
    return this.entries.get(commandId);
  }

  remember(commandId: number, unlock: RememberedUnlock): void {
    this.entries.delete(commandId);
    this.entries.set(commandId, unlock);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** A board reset forgets everything. */
  clear(): void {
    this.entries.clear();
  }
}
