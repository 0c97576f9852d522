/** What changed in the fleet, for live views (the dashboard's server-sent events) and tests. */
export type FleetChange =
  | { readonly kind: 'station'; readonly stationId: string }
  | { readonly kind: 'event'; readonly stationId: string; readonly eventId: string; readonly type: string }
  | { readonly kind: 'alarm'; readonly stationId: string; readonly alarmId: string; readonly type: string }
  | { readonly kind: 'telemetry'; readonly stationId: string; readonly batchId: string };

export type FleetChangeListener = (change: FleetChange) => void;

/** A failing listener is reported to `onError` and never stops the ingest. */
export class FleetChanges {
  private readonly listeners = new Set<FleetChangeListener>();
  private readonly relays = new Set<FleetChangeListener>();

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  subscribe(listener: FleetChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A change this instance made: its listeners hear it, and the relays pass it to other instances. */
  publish(change: FleetChange): void {
    this.deliver(change);
    for (const r of this.relays) {
      try {
        r(change);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  /** Passes this instance's changes on (to the other bridge instances); returns the way to stop. */
  relay(relay: FleetChangeListener): () => void {
    this.relays.add(relay);
    return () => this.relays.delete(relay);
  }

  /** A change another instance made: only this instance's listeners hear it. */
  deliver(change: FleetChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
