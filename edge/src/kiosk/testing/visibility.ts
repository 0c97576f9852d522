import type { Locator } from 'playwright-core';

/**
 * Where an element is cut off for a person looking at the screen, or null when it is fully visible:
 * inside the viewport, inside every ancestor that clips (overflow), and on top at its centre (not
 * covered by a notice bar).
 */
export const whereCutOff = (locator: Locator): Promise<string | null> =>
  locator.evaluate((element) => {
    // reached through the element: this file is compiled without the DOM globals
    const doc = element.ownerDocument;
    const view = doc.defaultView;
    if (!view) return 'not in a window';
    const r = element.getBoundingClientRect();
    const inside = (outer: { left: number; top: number; right: number; bottom: number }) =>
      r.left >= outer.left - 0.5 &&
      r.top >= outer.top - 0.5 &&
      r.right <= outer.right + 0.5 &&
      r.bottom <= outer.bottom + 0.5;
    const box = `${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`;
    if (r.width === 0 || r.height === 0) return `not shown (${box})`;
    if (!inside({ left: 0, top: 0, right: view.innerWidth, bottom: view.innerHeight }))
      return `outside the ${view.innerWidth}×${view.innerHeight} viewport (${box})`;
    for (let a = element.parentElement; a; a = a.parentElement) {
      const style = view.getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      if (!inside(a.getBoundingClientRect())) return `cut off by ${a.tagName.toLowerCase()}#${a.id} (${box})`;
    }
    const top = doc.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!top || !(top === element || element.contains(top)))
      return `covered by ${top?.tagName.toLowerCase()}#${top?.id ?? ''}.${top?.className ?? ''} (${box})`;
    return null;
  });
