/**
 * USB keypads and barcode scanners are keyboards to the browser. The hidden input keeps focus in the
 * page so their keystrokes always arrive; keys are read on the document and never land in the input.
 */
const TOKEN_CHAR = /^[A-Za-z0-9-]$/;

export const attachKeyboard = ({ input, onChar, onBackspace, onEnter, onClear }) => {
  const refocus = () => {
    if (document.activeElement !== input) input.focus({ preventScroll: true });
  };
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    // a field of its own (the driver's code on a van) takes its keys itself
    if (event.target instanceof HTMLInputElement && event.target !== input) return;
    const { key } = event;
    // a keyboard user who tabbed to a key presses it with Enter, as on any page
    if (key === 'Enter' && event.target instanceof HTMLButtonElement) return;
    if (key === 'Enter') onEnter();
    else if (key === 'Backspace') onBackspace();
    else if (key === 'Escape' || key === 'Delete') onClear();
    else if (TOKEN_CHAR.test(key)) onChar(key, performance.now());
    else return;
    // also stops Enter from "clicking" a focused button a second time
    event.preventDefault();
  });
  // Tapping a button must not take the focus away from the input (a scan right after a tap would be lost).
  document.addEventListener('mousedown', (event) => {
    if (event.target instanceof Element && event.target.closest('button')) event.preventDefault();
  });
  // Focus that moved to a button by Tab stays there (keyboard users reach the pad); focus lost to
  // nothing goes back to the input, so a scanner's keystrokes still arrive.
  input.addEventListener('blur', () =>
    setTimeout(() => {
      const active = document.activeElement;
      if (!active || active === document.body) refocus();
    }, 0),
  );
  window.addEventListener('focus', refocus);
  refocus();
};
