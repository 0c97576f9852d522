// The dashboard's words in German and English, as the kiosk has them. The language is the operator's
// setting, else the browser's Accept-Language (the bridge decides, /dashboard/api/me says which).
// Static text carries data-i18n="key"; scripts call t('key', { n: 3 }).

const WORDS = {
  en: {
    'nav.fleet': 'Fleet',
    'nav.alarms': 'Alarms',
    'session.logout': 'Log out',
    'station.compartments': 'Compartments',
    'station.temperatures': 'Temperatures',
    'station.alarms': 'Alarms',
    'station.history': 'Event history',
    'station.older': 'Show older events',
    'station.noAlarms': 'No alarms in the last 7 days.',
    'station.audit': 'Audit log at the station',
    'audit.load': 'Read from the station',
    'audit.empty': 'No entries.',
    'audit.offline': 'The station must be online to read its audit log.',
    'fleet.title': 'Fleet',
    'alarms.title': 'Alarms',
    'action.block': 'Block',
    'action.unblock': 'Unblock',
    'action.serviceOpen': 'Open for service',
    'action.extend': 'Extend deadline',
    'action.decide': 'Decide hold',
    'action.confirm': 'Confirm',
    'action.cancel': 'Cancel',
    'action.reason': 'Reason',
    'action.deadline': 'New deadline',
    'action.decision': 'Decision',
    'action.release': 'Release',
    'action.discard': 'Discard',
    'confirm.block': 'Take compartment {no} out of service?',
    'confirm.unblock': 'Put compartment {no} back into service?',
    'confirm.serviceOpen': 'Open compartment {no} now? Its door unlocks at the station.',
    'confirm.extend': 'Move the deadline of order {order}?',
    'confirm.decide': 'Decide about the held parcel {parcel} of order {order}?',
    'result.done': 'Done: the station confirmed it.',
    'result.sent': 'Sent; waiting for the station to confirm.',
    'result.queued': 'The station is offline; it receives this when it reconnects.',
    'refused.THAWED_NOT_RELEASABLE_AS_FROZEN':
      'Release refused: these frozen goods thawed, and thawed goods may not be sold as frozen. Discard them instead.',
    'refused.RATE_LIMITED': 'Too many openings: the station allows only a few remote openings a minute.',
    'refused.other': 'The station refused: {message}',
    'state.blocked': 'Blocked',
    'viewer.note': 'You are signed in as a viewer: you can look, not act.',
    'alert.optIn': 'Notify me of critical alarms (with a sound)',
    'alert.title': 'Critical alarm',
  },
  de: {
    'nav.fleet': 'Flotte',
    'nav.alarms': 'Alarme',
    'session.logout': 'Abmelden',
    'station.compartments': 'Fächer',
    'station.temperatures': 'Temperaturen',
    'station.alarms': 'Alarme',
    'station.history': 'Ereignisse',
    'station.older': 'Ältere Ereignisse zeigen',
    'station.noAlarms': 'Keine Alarme in den letzten 7 Tagen.',
    'station.audit': 'Protokoll der Station',
    'audit.load': 'Von der Station lesen',
    'audit.empty': 'Keine Einträge.',
    'audit.offline': 'Die Station muss online sein, um ihr Protokoll zu lesen.',
    'fleet.title': 'Flotte',
    'alarms.title': 'Alarme',
    'action.block': 'Sperren',
    'action.unblock': 'Entsperren',
    'action.serviceOpen': 'Zum Service öffnen',
    'action.extend': 'Frist verlängern',
    'action.decide': 'Über Sperre entscheiden',
    'action.confirm': 'Bestätigen',
    'action.cancel': 'Abbrechen',
    'action.reason': 'Begründung',
    'action.deadline': 'Neue Frist',
    'action.decision': 'Entscheidung',
    'action.release': 'Freigeben',
    'action.discard': 'Entsorgen',
    'confirm.block': 'Fach {no} außer Betrieb nehmen?',
    'confirm.unblock': 'Fach {no} wieder in Betrieb nehmen?',
    'confirm.serviceOpen': 'Fach {no} jetzt öffnen? Die Tür an der Station wird entriegelt.',
    'confirm.extend': 'Die Abholfrist der Bestellung {order} verschieben?',
    'confirm.decide': 'Über das gesperrte Paket {parcel} der Bestellung {order} entscheiden?',
    'result.done': 'Erledigt: die Station hat es bestätigt.',
    'result.sent': 'Gesendet; die Bestätigung der Station steht noch aus.',
    'result.queued': 'Die Station ist offline; sie erhält es, sobald sie wieder verbunden ist.',
    'refused.THAWED_NOT_RELEASABLE_AS_FROZEN':
      'Freigabe abgelehnt: die Tiefkühlware ist angetaut und darf nicht mehr als Tiefkühlware abgegeben werden. Bitte entsorgen.',
    'refused.RATE_LIMITED': 'Zu viele Öffnungen: die Station erlaubt nur wenige Fernöffnungen pro Minute.',
    'refused.other': 'Die Station hat abgelehnt: {message}',
    'state.blocked': 'Gesperrt',
    'viewer.note': 'Sie sind als Betrachter angemeldet: Sie können sehen, aber nicht handeln.',
    'alert.optIn': 'Bei kritischen Alarmen benachrichtigen (mit Ton)',
    'alert.title': 'Kritischer Alarm',
  },
};

let language = 'en';

export const setLanguage = (lang) => {
  language = lang === 'de' ? 'de' : 'en';
  document.documentElement.lang = language;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
};

export const currentLanguage = () => language;

export const t = (key, vars = {}) =>
  (WORDS[language][key] ?? WORDS.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
