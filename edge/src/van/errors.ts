export type VanErrorCode =
  /** set_tour at a station whose config kind is not van */
  | 'NOT_A_VAN'
  | 'NO_TOUR'
  | 'UNKNOWN_STOP'
  /** a stop is confirmed by hand only while GPS is lost; with a fix, GPS decides */
  | 'GPS_AVAILABLE'
  | 'WRONG_DRIVER_CODE'
  /** no `van.driverCodeFile`: nobody may confirm a stop by hand */
  | 'NO_DRIVER_CODE'
  | 'RATE_LIMITED';

export class VanError extends Error {
  constructor(
    readonly code: VanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'VanError';
  }
}
