/**
 * What has been typed so far, from the on-screen pad, a USB keypad or a USB barcode scanner. A scanner
 * "types" the QR token as keystrokes a few milliseconds apart, followed by Enter; a person types far
 * slower and never more than a PIN's length. Keystrokes are split where a pause of PAUSE_MS lies
 * between them: a last run that came fast is a scan, and digits typed before that pause are dropped
 * (someone started typing, then held up the QR code). A single slow keystroke inside a scan (a busy
 * USB bus) neither splits nor spoils it, because only a real pause splits and the median decides speed.
 */
export const MAX_PIN_DIGITS = 12;
export const MAX_TOKEN_LENGTH = 64;
const SCAN_MIN_LENGTH = 8;
const SCAN_MEDIAN_GAP_MS = 50;
const PAUSE_MS = 400;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.POSITIVE_INFINITY;
};

export class Entry {
  /** { char, at } where `at` is null for an on-screen tap (never part of a scan) */
  #keys = [];

  /** A digit tapped on the on-screen pad: always a PIN, capped at the longest PIN. */
  tap(digit) {
    if (this.#keys.length < MAX_PIN_DIGITS) this.#keys.push({ char: digit, at: null });
  }

  /** A character from a keyboard-like device at time `at` (ms). */
  type(char, at) {
    if (this.#keys.length < MAX_TOKEN_LENGTH) this.#keys.push({ char, at });
  }

  backspace() {
    this.#keys.pop();
  }

  clear() {
    this.#keys = [];
  }

  get isEmpty() {
    return this.#keys.length === 0;
  }

  /** The keys after the last pause (or tap), and whether they came as fast as a scanner types. */
  #lastRun() {
    let start = this.#keys.length;
    while (start > 0) {
      const key = this.#keys[start - 1];
      const next = this.#keys[start];
      if (key.at === null) break;
      if (next && next.at - key.at >= PAUSE_MS) break;
      start -= 1;
    }
    const run = this.#keys.slice(start);
    const gaps = run.slice(1).map((key, i) => key.at - run[i].at);
    return { run, fast: run.length >= 2 && median(gaps) < SCAN_MEDIAN_GAP_MS };
  }

  #text(keys) {
    return keys.map((k) => k.char).join('');
  }

  /** True when what is there would be submitted as a scanned token. */
  get looksScanned() {
    const { run, fast } = this.#lastRun();
    const text = this.#text(this.#keys);
    return (fast && run.length >= SCAN_MIN_LENGTH / 2) || text.length > MAX_PIN_DIGITS || /[^0-9]/.test(text);
  }

  /** The digits to show on screen: a scanned token is not shown. */
  get display() {
    return this.looksScanned ? null : this.#text(this.#keys);
  }

  /** Takes the entry for submission and empties the buffer. */
  take() {
    const { run, fast } = this.#lastRun();
    const all = this.#text(this.#keys);
    this.clear();
    if (fast && run.length >= SCAN_MIN_LENGTH) return { code: this.#text(run), source: 'scanner' };
    const scanned = all.length > MAX_PIN_DIGITS || /[^0-9]/.test(all);
    return { code: all, source: scanned ? 'scanner' : 'keypad' };
  }
}
