import { alertIfCritical, initAlertToggle } from './alarm-alert.js';
import { AlarmList, alarmKey } from './alarm-list.js';
import { getJson } from './api.js';
import { initChrome, refreshAlarmCount, showError, tickEveryMinute } from './chrome.js';
import { $ } from './dom.js';
import { connectLive } from './live.js';

const view = {
  state: new URLSearchParams(location.search).get('state') === 'all' ? 'all' : 'open',
  alarms: new Map(),
};

const list = new AlarmList($('alarms'), { onChange: () => render() });

const render = () => {
  const alarms = [...view.alarms.values()];
  list.render(alarms);
  const open = alarms.filter((a) => a.state === 'open').length;
  const unacked = alarms.filter((a) => a.state === 'open' && !a.acknowledged).length;
  $('no-alarms').hidden = alarms.length > 0;
  $('no-alarms').textContent =
    view.state === 'open'
      ? 'No open alarms. New alarms appear here as they are raised.'
      : 'No alarms in the last 7 days.';
  $('alarm-summary').textContent =
    alarms.length === 0 ? '' : `${open} open · ${unacked} not yet acknowledged`;
  for (const button of document.querySelectorAll('#alarm-filter button')) {
    button.setAttribute('aria-pressed', String(button.dataset.state === view.state));
  }
};

const load = async () => {
  try {
    const { alarms } = await getJson(`/dashboard/api/alarms?state=${view.state}`);
    view.alarms = new Map(alarms.map((a) => [alarmKey(a), a]));
    render();
    showError(null);
  } catch (err) {
    showError(err);
  }
};

for (const button of document.querySelectorAll('#alarm-filter button')) {
  button.addEventListener('click', () => {
    view.state = button.dataset.state;
    history.replaceState(null, '', view.state === 'all' ? '?state=all' : location.pathname);
    load();
  });
}

const me = await initChrome().catch(showError);
if (me) initAlertToggle($('alert-toggle'), me.operator);
await load();
connectLive(
  {
    alarm: (change) => {
      const { alarm } = change;
      if (me) alertIfCritical(me.operator, change);
      refreshAlarmCount();
      if (!alarm) return;
      const key = alarmKey(alarm);
      // An alarm that clears while shown stays (marked cleared) until the next load: nobody should
      // miss an alarm because it was short.
      if (alarm.state === 'open' || view.alarms.has(key) || view.state === 'all') view.alarms.set(key, alarm);
      render();
    },
  },
  () => {
    load();
    refreshAlarmCount();
  },
);
tickEveryMinute(render);
