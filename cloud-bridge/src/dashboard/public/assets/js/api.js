// The dashboard's JSON endpoints. A 401 means the session ended: back to the login form, and back
// here after it.

const loginUrl = () => `/dashboard/login?next=${encodeURIComponent(location.pathname + location.search)}`;

export const toLogin = () => {
  location.assign(loginUrl());
};

export class ApiError extends Error {
  constructor(status, code, message, stationCode) {
    super(message);
    this.status = status;
    this.code = code;
    /** the station's own refusal code, e.g. THAWED_NOT_RELEASABLE_AS_FROZEN */
    this.stationCode = stationCode;
  }
}

const request = async (path, init) => {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (response.status === 401) {
    toLogin();
    throw new ApiError(401, 'UNAUTHENTICATED', 'Your session has ended. Please log in again.');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      response.status,
      body?.code ?? 'ERROR',
      body?.detail ?? `The bridge answered ${response.status}.`,
      body?.stationCode,
    );
  }
  return { status: response.status, body };
};

export const getJson = async (path) =>
  (await request(path, { headers: { accept: 'application/json' } })).body;

export const postJson = (path, data) =>
  request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(data),
  });
