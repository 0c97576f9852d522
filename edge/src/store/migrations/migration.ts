/** One step of the station database schema, applied once, in version order. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}
