/**
 * What has been typed so far, from the on-screen pad, a USB keypad or a USB barcode scanner. A scanner
 * "types" the QR token as keystrokes a few milliseconds apart, followed by Enter; a person types far
 * slower and never more than a PIN's length. Keystrokes are split into runs where a pause of PAUSE_MS
 * lies between them; the fast runs at the end are the scan, and digits typed slowly before it are
 * dropped (someone started typing, then held up the QR code). A slow keystroke or a stall inside a
 * scan (a busy USB bus or CPU) does not spoil it: the median decides speed, and fast runs join up.
 */
export const MAX_PIN_DIGITS = 12;
export const MAX_TOKEN_LENGTH = 64;
const SCAN_MIN_LENGTH = 8;
const SCAN_MEDIAN_GAP_MS = 80; // scanners: 2–30 ms per key; people on a keypad: 150 ms and more
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

  /** The keys split into runs at every pause and every on-screen tap. */
  #runs() {
    const runs = [];
    let run = [];
    for (const key of this.#keys) {
      const previous = run.at(-1);
      const split =
        key.at === null || previous?.at === null || (previous && key.at - previous.at >= PAUSE_MS);
      if (split && run.length > 0) {
        runs.push(run);
        run = [];
      }
      run.push(key);
    }
    if (run.length > 0) runs.push(run);
    return runs;
  }

  /**
   * The scanned part: the fast runs at the end. A scan interrupted by a stall is two fast runs and
   * stays whole; digits a person typed before it form slow runs (or single keys) and are left out.
   */
  #scan() {
    const isFast = (run) => {
      if (run.length < 2 || run[0].at === null) return false;
      return median(run.slice(1).map((key, i) => key.at - run[i].at)) < SCAN_MEDIAN_GAP_MS;
    };
    const runs = this.#runs();
    let first = runs.length;
    while (first > 0 && isFast(runs[first - 1])) first -= 1;
    return runs.slice(first).flat();
  }

  #text(keys) {
    return keys.map((k) => k.char).join('');
  }

  /** True when what is there would be submitted as a scanned token. */
  get looksScanned() {
    const text = this.#text(this.#keys);
    return this.#scan().length >= SCAN_MIN_LENGTH / 2 || text.length > MAX_PIN_DIGITS || /[^0-9]/.test(text);
  }

  /** The digits to show on screen: a scanned token is not shown. */
  get display() {
    return this.looksScanned ? null : this.#text(this.#keys);
  }

  /** Takes the entry for submission and empties the buffer. */
  take() {
    const scan = this.#scan();
    const all = this.#text(this.#keys);
    this.clear();
    if (scan.length >= SCAN_MIN_LENGTH) return { code: this.#text(scan), source: 'scanner' };
    const scanned = all.length > MAX_PIN_DIGITS || /[^0-9]/.test(all);
    return { code: all, source: scanned ? 'scanner' : 'keypad' };
  }
}
