export type LinkErrorCode = 'LINK_CLOSED' | 'LINK_STOPPED';

/** Raised to callers of the link; every pending publish settles with one of these when a connection ends. */
export class LinkError extends Error {
  constructor(
    readonly code: LinkErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LinkError';
  }
}
