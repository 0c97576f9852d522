import type { HostedStation } from '../station/hosted-station.js';
import type { JournalEntry } from '../world/journal.js';
import type { World } from '../world/world.js';
import type { Fault } from './schema.js';

type FaultEntry = Extract<JournalEntry, { kind: 'fault' }>;

const compartment = (s: HostedStation, no: number) => {
  const c = s.compartments.find((x) => x.no === no);
  if (!c) throw new Error(`station ${s.stationId} has no compartment ${no}`);
  return c;
};

/**
 * Injects one fault and, after its duration, takes it away again. Every fault is journaled with the
 * simulated time it started and ended, so the checks can tell a caused alarm from a false one.
 */
async function inject(world: World, fault: Fault, signal: AbortSignal): Promise<void> {
  const { clock, journal, log } = world;
  const begin = (stationId: string | null, extra: Partial<FaultEntry> = {}): FaultEntry =>
    journal.add({ kind: 'fault', stationId, fault: fault.kind, from: clock.nowMs(), ...extra });
  const hold = (ms: number) => clock.sleep(ms, signal).catch(() => undefined);
  if (fault.kind === 'bridge_restart') {
    const entry = begin(null);
    log.say(null, `FAULT the bridge and its broker go down for ${fault.down / 1000} s (simulated)`);
    await world.bridge.stop();
    await hold(fault.down);
    await world.bridge.start();
    entry.until = clock.nowMs();
    log.say(null, 'the bridge and its broker are back');
    return;
  }
  const s = world.station(fault.station);
  switch (fault.kind) {
    case 'cooling_failure': {
      const entry = begin(s.stationId, { compartment: fault.compartment });
      s.rig.thermal.setCoolingCapacity(fault.compartment, fault.capacity);
      log.say(s.stationId, `FAULT the cooling unit of compartment ${fault.compartment} fails`);
      await hold(fault.for);
      s.rig.thermal.setCoolingCapacity(fault.compartment, 1);
      entry.until = clock.nowMs();
      log.say(s.stationId, `the cooling unit of compartment ${fault.compartment} is repaired`);
      return;
    }
    case 'station_kill':
    case 'station_restart': {
      const entry = begin(s.stationId);
      const crash = fault.kind === 'station_kill';
      log.say(s.stationId, crash ? 'FAULT the station process is killed (SIGKILL)' : 'the station restarts');
      await (crash ? s.kill() : s.halt());
      if (crash) await hold(fault.down);
      await s.boot();
      entry.until = clock.nowMs();
      log.say(s.stationId, 'the station is running again');
      return;
    }
    case 'serial_noise': {
      const entry = begin(s.stationId);
      s.rig.board.setFaults({ corruptByteRate: fault.corruptRate, dropByteRate: fault.dropRate });
      log.say(s.stationId, 'FAULT noise on the serial line');
      await hold(fault.for);
      s.rig.board.setFaults({ corruptByteRate: 0, dropByteRate: 0 });
      entry.until = clock.nowMs();
      log.say(s.stationId, 'the serial line is clean again');
      return;
    }
    case 'serial_unplug': {
      const entry = begin(s.stationId);
      await s.unplug();
      log.say(s.stationId, 'FAULT the serial cable is unplugged');
      await hold(fault.for);
      await s.replug();
      entry.until = clock.nowMs();
      log.say(s.stationId, 'the serial cable is plugged in again');
      return;
    }
    case 'door_forced': {
      const c = compartment(s, fault.compartment);
      // A crowbar needs a closed door: forcing one a customer holds open changes nothing, and the
      // expected alarm would depend on where the actors happened to be (up to 5 simulated minutes).
      for (let waited = 0; waited < 300_000 && s.rig.board.isDoorOpen(c.doorInput); waited += 1000)
        await hold(1000);
      const entry = begin(s.stationId, { compartment: c.no });
      s.rig.board.forceDoor(c.doorInput);
      log.say(s.stationId, `FAULT door ${c.no} is forced open`);
      await hold(fault.for);
      s.rig.board.closeDoor(c.doorInput);
      entry.until = clock.nowMs();
      return;
    }
    case 'probe_fault': {
      const entry = begin(s.stationId, { probeId: fault.probe });
      const f =
        fault.fault === 'noisy'
          ? { kind: 'noisy' as const, noiseCelsius: 3, glitchChance: 0.3 }
          : { kind: fault.fault };
      s.rig.thermal.injectProbeFault(fault.probe, f);
      log.say(s.stationId, `FAULT probe ${fault.probe} is ${fault.fault}`);
      await hold(fault.for);
      s.rig.thermal.injectProbeFault(fault.probe, null);
      entry.until = clock.nowMs();
      log.say(s.stationId, `probe ${fault.probe} works again`);
      return;
    }
    case 'power_cut': {
      const entry = begin(s.stationId);
      log.say(s.stationId, 'FAULT power cut: the station computer, the board and the cooling are off');
      await s.kill();
      s.rig.thermal.setPowered(false);
      s.rig.board.reset();
      await hold(fault.for);
      s.rig.thermal.setPowered(true);
      await s.boot();
      entry.until = clock.nowMs();
      log.say(s.stationId, 'power is back');
      return;
    }
  }
}

/** Runs the fault timeline from `startMs` (simulated); resolves when every fault has ended. */
export async function runFaults(
  world: World,
  faults: readonly Fault[],
  startMs: number,
  signal: AbortSignal,
) {
  await Promise.all(
    faults.map(async (fault) => {
      try {
        await world.clock.sleep(startMs + fault.at - world.clock.nowMs(), signal);
      } catch {
        return;
      }
      await inject(world, fault, signal);
    }),
  );
}
