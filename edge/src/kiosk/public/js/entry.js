/**
 * What has been typed so far, from the on-screen pad, a USB keypad or a USB barcode scanner. A scanner
 * "types" the QR token as keystrokes a few milliseconds apart, followed by Enter; a person types
 * far slower and never more than a PIN's length. So a fast burst of at least SCAN_MIN_LENGTH keys, a
 * letter, or anything longer than a PIN counts as a scan, and digits typed slowly before the burst are
 * dropped (someone started typing, then used the scanner).
 */
export const MAX_PIN_DIGITS = 12;
export const MAX_TOKEN_LENGTH = 64;
const SCAN_MIN_LENGTH = 8;
const BURST_GAP_MS = 60;

export class Entry {
  #text = '';
  #burst = 0;
  #lastKeyAt = Number.NEGATIVE_INFINITY;

  /** A digit tapped on the on-screen pad: always a PIN, capped at the longest PIN. */
  tap(digit) {
    this.#burst = 0;
    this.#lastKeyAt = Number.NEGATIVE_INFINITY;
    if (this.#text.length < MAX_PIN_DIGITS) this.#text += digit;
  }

  /** A character from a keyboard-like device at time `at` (ms). */
  type(char, at) {
    const fast = at - this.#lastKeyAt < BURST_GAP_MS;
    this.#lastKeyAt = at;
    if (fast) this.#burst += 1;
    else this.#burst = 1;
    if (this.#burst === SCAN_MIN_LENGTH && this.#text.length >= SCAN_MIN_LENGTH) {
      // the scan began SCAN_MIN_LENGTH - 1 keys ago; what was typed before it is not part of it
      this.#text = this.#text.slice(this.#text.length - (SCAN_MIN_LENGTH - 1));
    }
    if (this.#text.length < MAX_TOKEN_LENGTH) this.#text += char;
  }

  backspace() {
    this.#text = this.#text.slice(0, -1);
    this.#burst = 0;
  }

  clear() {
    this.#text = '';
    this.#burst = 0;
  }

  get isEmpty() {
    return this.#text.length === 0;
  }

  /** True when what is there would be submitted as a scanned token. */
  get looksScanned() {
    return this.#burst >= SCAN_MIN_LENGTH || this.#text.length > MAX_PIN_DIGITS || /[^0-9]/.test(this.#text);
  }

  /** The digits to show on screen: a scanned token is not shown. */
  get display() {
    return this.looksScanned ? null : this.#text;
  }

  /** Takes the entry for submission and empties the buffer. */
  take() {
    const taken = { code: this.#text, source: this.looksScanned ? 'scanner' : 'keypad' };
    this.clear();
    return taken;
  }
}
