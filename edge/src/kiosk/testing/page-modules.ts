import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PUBLIC_DIR } from '../static-files.js';

export interface Screen {
  readonly title: string;
  readonly lines: readonly string[];
  readonly notes: readonly string[];
  /** one per opened compartment */
  readonly cards: readonly { readonly no: number; readonly location: string | null }[];
}
export interface PageState {
  lockedUntil: number;
  result: unknown;
  padMessage: unknown;
}
interface Page {
  readonly createState: (lang: string, now: number) => PageState;
  readonly applyAnswer: (
    state: PageState,
    answer: unknown,
    now: number,
    entered?: { qrToken?: boolean },
  ) => void;
  readonly describeResult: (t: unknown, result: unknown, contact: string | null) => Screen;
  readonly translator: (lang: string) => unknown;
}

export type { Page as KioskPage };

/** The kiosk page's own modules (plain browser JS), loaded as the browser loads them. */
export const loadPage = async (): Promise<Page> => {
  const load = (name: string) => import(pathToFileURL(path.join(PUBLIC_DIR, 'js', name)).href);
  const [state, describe, i18n] = await Promise.all([load('state.js'), load('describe.js'), load('i18n.js')]);
  return { ...state, ...describe, ...i18n } as Page;
};
