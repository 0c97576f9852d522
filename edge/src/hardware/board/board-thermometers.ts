import type { ProbeConfig } from '@regiobox/hardware-api';
import { HardwareError, type ProbeReading, type Thermometers } from '@regiobox/hardware-api';
import type { BoardConnection } from './board-connection.js';
import { toHardwareError } from './errors.js';

/** Probes wired to the board, named by the station's probe ids through `boardIndex`. */
export class BoardThermometers implements Thermometers {
  constructor(
    private readonly connection: BoardConnection,
    private readonly probes: readonly ProbeConfig[],
  ) {}

  /** Rejects with BOARD_UNREACHABLE while the board is gone: that is not a probe fault. */
  async read(): Promise<ProbeReading[]> {
    const board = this.connection.online;
    if (board === null) {
      throw new HardwareError(
        'BOARD_UNREACHABLE',
        `lock board unreachable: ${this.connection.health.get().detail}`,
      );
    }
    let temps: Awaited<ReturnType<typeof board.client.readTemperatures>>;
    try {
      temps = await board.client.readTemperatures();
    } catch (err) {
      throw toHardwareError(err, 'READ_TEMPS');
    }
    return this.probes.map((probe) => {
      const reading = probe.boardIndex === undefined ? undefined : temps[probe.boardIndex];
      if (reading === undefined) return { probeId: probe.id, celsius: null, status: 'missing' };
      return {
        probeId: probe.id,
        celsius: reading.status === 'ok' ? reading.celsius : null,
        status: reading.status,
      };
    });
  }
}
