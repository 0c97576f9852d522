/** DOM for the result and out-of-order screens; text always through textContent, never as HTML. */

const el = (tag, className, text) => {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
};

const ICONS = { ok: '✓', stop: '!' };

const compartmentCard = (card) => {
  const item = el('li', `compartment-card${card.closed ? ' is-closed' : ''}`);
  item.dataset.compartment = String(card.no);
  const number = el('span', 'compartment-no', String(card.no));
  number.setAttribute('aria-hidden', 'true');
  item.append(number, el('span', 'compartment-label', card.label));
  if (card.location) item.append(el('span', 'compartment-location', card.location));
  if (card.stuck) item.append(el('span', 'compartment-stuck', card.stuck));
  return item;
};

/** Fills the result section from a description (see describe.js); `done` returns to the keypad. */
export const renderResult = (section, description, doneLabel, done) => {
  section.className = `screen result-screen tone-${description.tone}`;
  const icon = el('p', 'result-icon', ICONS[description.tone]);
  icon.setAttribute('aria-hidden', 'true');
  const text = el('div', 'result-text');
  text.append(el('h1', 'result-title', description.title));
  if (description.cards.length > 0) {
    const cards = el('ul', 'compartment-cards');
    cards.append(...description.cards.map(compartmentCard));
    text.append(cards);
  }
  for (const line of description.lines) text.append(el('p', 'result-line', line));
  for (const note of description.notes) text.append(el('p', 'result-note', note));
  if (description.missingTitle) {
    const missing = el('div', 'missing');
    missing.append(el('h2', 'missing-title', description.missingTitle));
    const list = el('ul', 'missing-list');
    list.append(...description.missing.map((line) => el('li', undefined, line)));
    missing.append(list);
    text.append(missing);
  }
  const button = el('button', 'done', doneLabel);
  button.type = 'button';
  button.addEventListener('click', done);
  const footer = el('div', 'result-footer');
  footer.append(button);
  section.replaceChildren(icon, text, footer);
};

export const renderOutOfOrder = (section, description) => {
  const icon = el('p', 'result-icon', '!');
  icon.setAttribute('aria-hidden', 'true');
  const text = el('div', 'result-text');
  text.append(el('h1', 'result-title', description.title));
  for (const line of description.lines) text.append(el('p', 'result-line', line));
  section.replaceChildren(icon, text);
};

/** One sentence per screen for the live region, so a screen reader hears what changed. */
export const summarise = (description) => [description.title, ...description.lines].join(' ');
