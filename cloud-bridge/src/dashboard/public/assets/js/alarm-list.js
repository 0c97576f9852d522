import { postJson } from './api.js';
import { canAct } from './chrome.js';
import { h } from './dom.js';
import { ago, alarmKind, exact, severity, stationName, when } from './format.js';
import { t } from './i18n.js';

// An alarm list that live updates can redraw at any time without losing a half-typed note: items
// are kept by key and rebuilt only when their alarm changed.

const SEVERITY_RANK = { critical: 3, warning: 2, info: 1 };

/** Most severe first; within one severity, newest first (as the bridge sorts). */
export const alarmOrder = (a, b) =>
  (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0) ||
  Date.parse(b.raisedAt) - Date.parse(a.raisedAt);

export const alarmKey = (a) => `${a.stationId}/${a.alarmId}`;

export class AlarmList {
  /** `options.showStation`: name the station on each item (the fleet-wide list does). */
  constructor(listEl, options = {}) {
    this.listEl = listEl;
    this.showStation = options.showStation ?? true;
    this.onChange = options.onChange ?? (() => {});
    this.drafts = new Map(); // key → { open, note, error, sending }
    this.pending = new Map(); // key → what the bridge said about the acknowledgement
    this.seen = null; // keys shown at the last render; null before the first
    this.pointerInside = false;
    this.last = [];
    // The order stands still under the operator's pointer and while a note is typed: an item must
    // not move away from the button about to be clicked. It catches up when the pointer leaves.
    listEl.addEventListener('pointerenter', () => {
      this.pointerInside = true;
    });
    listEl.addEventListener('pointerleave', () => {
      this.pointerInside = false;
      this.catchUp();
    });
    listEl.addEventListener('focusout', () => setTimeout(() => this.catchUp(), 0));
  }

  /** True while the list's order is held still. */
  held() {
    return this.pointerInside || this.focusedKey() !== null;
  }

  catchUp() {
    if (!this.held()) this.render(this.last);
  }

  /** Sorted; while held, the items already shown keep their places and new ones come last. */
  ordered(alarms) {
    const sorted = [...alarms].sort(alarmOrder);
    if (!this.held()) return sorted;
    const shown = [...this.listEl.children].map((li) => li.dataset.key);
    const place = (a) => {
      const i = shown.indexOf(alarmKey(a));
      return i < 0 ? shown.length : i;
    };
    return sorted
      .map((a, i) => [a, i])
      .sort(([a, i], [b, j]) => place(a) - place(b) || i - j)
      .map(([a]) => a);
  }

  render(alarms) {
    this.last = alarms;
    const focused = this.focusedKey();
    const items = this.ordered(alarms).map((a) => {
      const key = alarmKey(a);
      if (a.acknowledged) this.pending.delete(key);
      const d = this.drafts.get(key);
      // The note's text is not part of it: typing must not rebuild the form under the cursor.
      const version = JSON.stringify([
        a,
        d ? [d.open, d.error, d.sending] : null,
        this.pending.get(key),
        ago(a.raisedAt),
      ]);
      const existing = this.listEl.querySelector(`:scope > li[data-key="${CSS.escape(key)}"]`);
      if (existing && existing.dataset.version === version) return existing;
      const item = this.item(a, key);
      item.dataset.version = version;
      if (this.seen !== null && !this.seen.has(key)) item.classList.add('is-new');
      return item;
    });
    items.forEach((item, i) => {
      if (this.listEl.children[i] !== item) this.listEl.insertBefore(item, this.listEl.children[i] ?? null);
    });
    while (this.listEl.children.length > items.length) this.listEl.lastElementChild.remove();
    this.seen = new Set(alarms.map(alarmKey));
    const textarea = focused && this.listEl.querySelector(`li[data-key="${CSS.escape(focused)}"] textarea`);
    if (textarea && document.activeElement !== textarea) {
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    }
  }

  focusedKey() {
    const active = document.activeElement;
    return active?.tagName === 'TEXTAREA' && this.listEl.contains(active)
      ? (active.closest('li')?.dataset.key ?? null)
      : null;
  }

  item(a, key) {
    const draft = this.drafts.get(key);
    const pending = this.pending.get(key);
    const title = h(
      'div',
      { class: 'alarm-title-row' },
      h('span', { class: `sev-badge sev-${a.severity}` }, severity(a.severity)),
      h('h3', { class: 'alarm-title' }, alarmKind(a.kind)),
      h(
        'span',
        { class: 'alarm-where' },
        a.compartment === null ? t('alarm.wholeStation') : t('alarm.compartment', { no: a.compartment }),
      ),
    );
    const station = this.showStation
      ? h(
          'p',
          { class: 'alarm-station' },
          h('a', { href: `/dashboard/stations/${encodeURIComponent(a.stationId)}` }, stationName(a)),
        )
      : null;
    const times = h(
      'p',
      { class: 'alarm-times' },
      h('span', { title: exact(a.raisedAt) }, `Raised ${when(a.raisedAt)} (${ago(a.raisedAt)})`),
      a.state === 'cleared'
        ? h('span', { title: exact(a.clearedAt) }, ` · cleared ${when(a.clearedAt)}`)
        : h('span', { class: 'still-open' }, ' · still open'),
    );
    return h(
      'li',
      { class: `alarm sev-${a.severity} state-${a.state}`, dataset: { key } },
      h(
        'div',
        { class: 'alarm-main' },
        title,
        station,
        a.detail ? h('p', { class: 'alarm-detail' }, a.detail) : null,
        times,
        this.ackLine(a, pending),
      ),
      h('div', { class: 'alarm-actions' }, a.acknowledged || pending ? null : this.ackControl(a, key, draft)),
    );
  }

  ackLine(a, pending) {
    if (a.acknowledged) {
      const { by, at, note } = a.acknowledged;
      return h(
        'p',
        { class: 'ack-state ack-done' },
        h('span', { title: exact(at) }, `Acknowledged by ${by}, ${when(at)}`),
        note ? h('q', { class: 'ack-note' }, note) : null,
      );
    }
    if (pending) return h('p', { class: 'ack-state ack-pending', role: 'status' }, pending);
    return null;
  }

  ackControl(a, key, draft) {
    // a viewer only looks; the bridge refuses its acknowledgement anyway
    if (!canAct()) return null;
    if (!draft?.open) {
      return h(
        'button',
        {
          type: 'button',
          class: 'button primary',
          onclick: () => this.setDraft(key, { open: true, note: '' }),
        },
        t('alarm.acknowledge'),
      );
    }
    const id = `note-${key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const note = h('textarea', {
      id,
      name: 'note',
      rows: 3,
      maxlength: 500,
      placeholder: t('alarm.notePlaceholder'),
    });
    note.value = draft.note;
    note.addEventListener('input', () => {
      draft.note = note.value; // kept quietly: redrawing on every key would be wasted work
    });
    const form = h(
      'form',
      { class: 'ack-form' },
      h('label', { for: id }, t('alarm.noteLabel')),
      note,
      draft.error ? h('p', { class: 'form-error', role: 'alert' }, draft.error) : null,
      h(
        'div',
        { class: 'form-buttons' },
        h(
          'button',
          { type: 'submit', class: 'button primary', disabled: draft.sending },
          draft.sending ? t('alarm.sending') : t('alarm.send'),
        ),
        h(
          'button',
          { type: 'button', class: 'button ghost', onclick: () => this.setDraft(key, null) },
          t('alarm.cancel'),
        ),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.acknowledge(a, key, note.value);
    });
    return form;
  }

  async acknowledge(a, key, note) {
    this.setDraft(key, { open: true, note, sending: true });
    try {
      const { body } = await postJson('/dashboard/api/alarms/ack', {
        stationId: a.stationId,
        alarmId: a.alarmId,
        note,
      });
      this.pending.set(key, body.detail);
      this.setDraft(key, null);
    } catch (err) {
      this.setDraft(key, { open: true, note, error: err.message });
    }
  }

  setDraft(key, draft) {
    if (draft) this.drafts.set(key, draft);
    else this.drafts.delete(key);
    this.onChange();
  }
}
