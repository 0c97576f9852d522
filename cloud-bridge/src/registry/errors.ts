export type RegistryErrorCode =
  | 'INVALID_STATION_ID'
  | 'INVALID_SERVICE_USERNAME'
  | 'STATION_EXISTS'
  | 'STATION_NOT_FOUND'
  | 'SERVICE_USER_NOT_FOUND'
  | 'USERNAME_TAKEN'
  | 'MASTER_KEY_REQUIRED'
  | 'MASTER_KEY_INVALID'
  | 'COMMAND_KEY_UNREADABLE';

export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  constructor(code: RegistryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RegistryError';
    this.code = code;
  }
}
