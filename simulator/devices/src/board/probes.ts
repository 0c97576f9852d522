import type { ProbeReading, ProbeStatus } from '@regiobox/firmware-proto';

/** A DS18B20 reads −55 °C … +125 °C; anything else is a fault, as the firmware would report it. */
const SENSOR_MIN_C = -55;
const SENSOR_MAX_C = 125;

interface ProbeSlot {
  celsius: number;
  status: ProbeStatus;
}

/** The temperature probe slots; a test or a thermal model sets what they read. */
export class Probes {
  private readonly slots: ProbeSlot[];

  constructor(count: number, initialCelsius: number) {
    this.slots = Array.from({ length: count }, () => ({ celsius: initialCelsius, status: 'ok' as const }));
  }

  get count(): number {
    return this.slots.length;
  }

  set(index: number, celsius: number): void {
    const slot = this.slot(index);
    slot.celsius = celsius;
    slot.status = 'ok';
  }

  setStatus(index: number, status: ProbeStatus): void {
    this.slot(index).status = status;
  }

  readings(): ProbeReading[] {
    return this.slots.map(({ celsius, status }) => {
      if (status !== 'ok') return { status, centiCelsius: null };
      if (!(celsius >= SENSOR_MIN_C && celsius <= SENSOR_MAX_C))
        return { status: 'fault', centiCelsius: null };
      return { status: 'ok', centiCelsius: Math.round(celsius * 100) };
    });
  }

  private slot(index: number): ProbeSlot {
    const slot = this.slots[index];
    if (!slot) throw new RangeError(`the board has no probe ${index} (it has ${this.slots.length})`);
    return slot;
  }
}
