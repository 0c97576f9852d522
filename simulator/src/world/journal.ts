/** What the actors did and what faults were injected, in simulated time: the ground truth for checks. */
export type JournalEntry =
  | { readonly kind: 'reserved'; readonly stationId: string; readonly orderId: string; readonly at: number }
  | {
      readonly kind: 'code';
      readonly stationId: string;
      readonly orderId: string | null;
      readonly purpose: 'loading' | 'pickup' | 'retrieval' | 'wrong';
      readonly ok: boolean;
      readonly reason?: string;
      readonly opened: readonly number[];
      readonly at: number;
    }
  | {
      readonly kind: 'order_done';
      readonly stationId: string;
      readonly orderId: string;
      readonly story: string;
      readonly at: number;
    }
  | {
      readonly kind: 'fault';
      readonly stationId: string | null;
      readonly fault: string;
      readonly compartment?: number;
      readonly probeId?: string;
      readonly from: number;
      /** set when the fault ends; open-ended faults last until the end */
      until?: number;
    };

export class Journal {
  readonly entries: JournalEntry[] = [];

  add<E extends JournalEntry>(entry: E): E {
    this.entries.push(entry);
    return entry;
  }

  faults(): Extract<JournalEntry, { kind: 'fault' }>[] {
    return this.entries.filter((e): e is Extract<JournalEntry, { kind: 'fault' }> => e.kind === 'fault');
  }

  codes(): Extract<JournalEntry, { kind: 'code' }>[] {
    return this.entries.filter((e): e is Extract<JournalEntry, { kind: 'code' }> => e.kind === 'code');
  }

  stories(): Extract<JournalEntry, { kind: 'order_done' }>[] {
    return this.entries.filter(
      (e): e is Extract<JournalEntry, { kind: 'order_done' }> => e.kind === 'order_done',
    );
  }
}
