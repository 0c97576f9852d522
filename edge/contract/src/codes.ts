/**
 * The codes a station issues, as the marketplace receives them (in `codes.issued` and the reserve
 * reply): decimal digits only — a USB scanner "types" the QR token like a keyboard, and digits come
 * out the same on every layout. A station's configuration (`codes.*Digits`) picks each length within
 * these bounds; the defaults are the lengths edge/SECURITY.md argues for.
 */
export const CODE_FORMATS = {
  pickupPin: { min: 6, max: 12, default: 10 },
  qrToken: { min: 20, max: 40, default: 24 },
  loadingCode: { min: 6, max: 12, default: 10 },
  retrievalCode: { min: 6, max: 12, default: 10 },
  serviceCode: { min: 8, max: 12, default: 12 },
} as const;
export type IssuedCodeKind = keyof typeof CODE_FORMATS;

/** 10^20 > 2^66: a QR token has more than 64 bits, so it needs no keypad lockout. */
export const QR_TOKEN_MIN_DIGITS = CODE_FORMATS.qrToken.min;

/** Whether `code` is a code of this kind with `digits` digits (default: the kind's default length). */
export const isIssuedCode = (
  kind: IssuedCodeKind,
  code: string,
  digits: number = CODE_FORMATS[kind].default,
): boolean => code.length === digits && /^\d+$/.test(code);

/**
 * A code of the kind's default length for documents and examples: pseudo-random digits from a fixed
 * seed, so that the generated documents stay the same from run to run. Never a real code.
 */
export const exampleCode = (kind: IssuedCodeKind, seed: number): string => {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < CODE_FORMATS[kind].default; i++) {
    // the 32-bit LCG of Numerical Recipes; the top bits are the well-mixed ones
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    out += String(Math.floor((state / 2 ** 32) * 10));
  }
  return out;
};
