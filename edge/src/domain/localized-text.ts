/**
 * A text for customers: one string for every language, or one per kiosk language. The kiosk shows
 * the text of its current language, else another one it has, so a German screen never shows an
 * English text while a German one exists.
 */
export type LocalizedText = string | { readonly de?: string; readonly en?: string };

/** Stored as the plain string, or as JSON for a text per language. */
export const encodeLocalizedText = (text: LocalizedText): string =>
  typeof text === 'string' ? text : JSON.stringify(text);

export const decodeLocalizedText = (stored: string): LocalizedText => {
  if (!stored.startsWith('{')) return stored;
  try {
    const parsed = JSON.parse(stored) as { de?: unknown; en?: unknown };
    const pick = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return { de: pick(parsed.de), en: pick(parsed.en) };
  } catch {
    return stored; // a plain text that happens to start with a brace
  }
};
