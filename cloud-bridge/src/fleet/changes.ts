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

  constructor(private readonly onError: (err: unknown) => void = () => {}) {}

  subscribe(listener: FleetChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: FleetChange): void {
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (err) {
        this.onError(err);
      }
    }
  }
}
