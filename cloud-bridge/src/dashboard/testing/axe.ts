import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * axe-core's rules run in the page as it stands; returns the serious and critical violations, each
 * with the elements it found, so that a failing test names what to fix.
 */
export const seriousAccessibilityViolations = async (page: Page): Promise<AxeViolation[]> => {
  await page.addScriptTag({ path: axeScript });
  const found = await page.evaluate<AxeViolation[]>(`
    axe.run(document).then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
    })))`);
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};
