import { t } from './i18n.js';

// Critical alarms as a browser notification and a short tone, only for an operator who switched it
// on (kept per operator in this browser): an unasked-for sound in a shared office is a nuisance.

const storageKey = (operator) => `regiobox.alerts.${operator}`;

export const alertsOn = (operator) => localStorage.getItem(storageKey(operator)) === 'on';

/** Wires the opt-in checkbox; asking for notification permission only when the operator opts in. */
export const initAlertToggle = (checkbox, operator) => {
  checkbox.checked = alertsOn(operator);
  checkbox.addEventListener('change', async () => {
    if (checkbox.checked && 'Notification' in window && Notification.permission === 'default')
      await Notification.requestPermission();
    localStorage.setItem(storageKey(operator), checkbox.checked ? 'on' : 'off');
  });
};

const tone = () => {
  const audio = new AudioContext();
  const osc = audio.createOscillator();
  osc.frequency.value = 880;
  osc.connect(audio.destination);
  osc.start();
  osc.stop(audio.currentTime + 0.4);
};

/** Called for each live alarm change: a newly raised critical alarm alerts an opted-in operator. */
export const alertIfCritical = (operator, change) => {
  const a = change.alarm;
  if (change.type !== 'alarm.raised' || !a || a.severity !== 'critical' || !alertsOn(operator)) return;
  if ('Notification' in window && Notification.permission === 'granted')
    new Notification(t('alert.title'), {
      body: `${a.stationLabel ?? a.stationId}: ${a.kind}`,
      tag: `${a.stationId}/${a.alarmId}`,
    });
  try {
    tone();
  } catch {
    // no audio output: the notification still shows
  }
};
