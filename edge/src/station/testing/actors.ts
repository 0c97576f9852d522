import type { CodeOutcome } from '../api.js';
import type { StationFixture } from './station-fixture.js';
import { until } from './until.js';

const doorNoticeCount = (f: StationFixture, no: number, open: boolean): number =>
  f.notices.filter((n) => n.type === 'door' && n.compartment === no && n.open === open).length;

/** A person pulls the door of `no` and waits until the station has seen it open. */
export const pullOpen = async (f: StationFixture, no: number): Promise<boolean> => {
  const before = doorNoticeCount(f, no, true);
  if (!f.hw.pullDoor(f.input(no))) return false;
  await until(() => doorNoticeCount(f, no, true) > before, `door ${no} seen open`);
  return true;
};

/** Shuts the door of `no` (goods inside or not) and waits until the station has seen it. */
export const shut = async (f: StationFixture, no: number, goodsInside: boolean): Promise<void> => {
  const before = doorNoticeCount(f, no, false);
  f.hw.setOccupied(f.input(no), goodsInside);
  f.hw.closeDoor(f.input(no));
  await until(() => doorNoticeCount(f, no, false) > before, `door ${no} seen closed`);
};

const expectOpened = (out: CodeOutcome): number[] => {
  if (!out.ok) throw new Error(`code refused: ${out.reason} ${out.message}`);
  return out.compartments.map((c) => c.no);
};

/** A producer types the loading code, puts the goods in and closes the door. */
export const producerLoads = async (f: StationFixture, loadingCode: string): Promise<number> => {
  const [no] = expectOpened(await f.station.submitCode(loadingCode, 'keypad'));
  if (no === undefined) throw new Error('nothing opened');
  if (!(await pullOpen(f, no))) throw new Error(`door ${no} did not open`);
  await shut(f, no, true);
  return no;
};

/** A customer types the PIN, takes the goods out of every opened compartment and closes them. */
export const customerCollects = async (
  f: StationFixture,
  pin: string,
  source: 'keypad' | 'scanner' = 'keypad',
) => {
  const out = await f.station.submitCode(pin, source);
  for (const no of expectOpened(out)) {
    if (!(await pullOpen(f, no))) throw new Error(`door ${no} did not open`);
    await shut(f, no, false);
  }
  return out;
};
