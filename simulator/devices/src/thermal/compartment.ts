export interface ThermalCompartmentOptions {
  /** thermostat setpoint, °C; null for a compartment without a cooling unit (ambient) */
  readonly setpointCelsius: number | null;
  /** the thermostat switches on above setpoint + band/2 and off below setpoint − band/2 */
  readonly thermostatBandCelsius: number;
  /** heat the cooling unit removes while running, W */
  readonly coolingWatts: number;
  /** heat capacity of the air, liner and shelves, which is what the probe sees, J/K */
  readonly airCapacityJoulePerK: number;
  /** heat flow through the walls per kelvin of difference to ambient, W/K */
  readonly wallWattPerK: number;
  /** extra heat flow while the door is open (warm air exchanging with cold), W/K */
  readonly doorOpenWattPerK: number;
  readonly initialCelsius: number;
}

export interface GoodsLoad {
  readonly id: string;
  readonly massKg: number;
  /** the goods' temperature when they go in: a producer's van in summer is not a cold room */
  readonly celsius: number;
  /** J/(kg·K); about 3600 for chilled food, 2000 for frozen */
  readonly specificHeat?: number;
  /** heat exchange with the air, W/K; by default grows with the pack's surface (mass^(2/3)) */
  readonly couplingWattPerK?: number;
}

interface Goods {
  readonly id: string;
  readonly capacity: number;
  readonly coupling: number;
  celsius: number;
}

/** The explicit integration stays stable and accurate below the air's shortest time constant. */
const MAX_SUBSTEP_S = 2;

/**
 * One compartment as two kinds of thermal mass — its air and the goods in it — exchanging heat with
 * the ambient through the walls (and much faster through an open door), with each other, and with a
 * cooling unit under an on/off thermostat. Faults: a failed cooling unit, reduced cooling capacity,
 * no power. Stepped with explicit time, so a day runs in milliseconds and replays exactly.
 */
export class ThermalCompartment {
  private air: number;
  private readonly goods = new Map<string, Goods>();
  private cooling = false;
  private doorOpen = false;
  private coolingCapacity = 1;
  private powered = true;

  constructor(readonly options: ThermalCompartmentOptions) {
    this.air = options.initialCelsius;
  }

  get airCelsius(): number {
    return this.air;
  }

  get coolingOn(): boolean {
    return this.cooling;
  }

  get isDoorOpen(): boolean {
    return this.doorOpen;
  }

  get isPowered(): boolean {
    return this.powered;
  }

  goodsCelsius(id: string): number | null {
    return this.goods.get(id)?.celsius ?? null;
  }

  openDoor(): void {
    this.doorOpen = true;
  }

  closeDoor(): void {
    this.doorOpen = false;
  }

  load(goods: GoodsLoad): void {
    const capacity = goods.massKg * (goods.specificHeat ?? 3600);
    const coupling = goods.couplingWattPerK ?? goods.massKg ** (2 / 3);
    this.goods.set(goods.id, { id: goods.id, capacity, coupling, celsius: goods.celsius });
  }

  unload(id: string): void {
    this.goods.delete(id);
  }

  /** Cooling unit failure (0) or a weak one (e.g. 0.3: iced evaporator, dying compressor); 1 = healthy. */
  setCoolingCapacity(fraction: number): void {
    this.coolingCapacity = Math.min(1, Math.max(0, fraction));
  }

  /** A power cut stops the cooling unit; the thermal masses keep their heat. */
  setPowered(powered: boolean): void {
    this.powered = powered;
  }

  step(dtSeconds: number, ambientCelsius: number): void {
    const n = Math.max(1, Math.ceil(dtSeconds / MAX_SUBSTEP_S));
    const h = dtSeconds / n;
    for (let i = 0; i < n; i += 1) this.substep(h, ambientCelsius);
  }

  private substep(h: number, ambient: number): void {
    const o = this.options;
    this.thermostat();
    let airWatts = (o.wallWattPerK + (this.doorOpen ? o.doorOpenWattPerK : 0)) * (ambient - this.air);
    if (this.cooling) airWatts -= o.coolingWatts * this.coolingCapacity;
    for (const g of this.goods.values()) {
      const flow = g.coupling * (g.celsius - this.air);
      airWatts += flow;
      g.celsius -= (flow * h) / g.capacity;
    }
    this.air += (airWatts * h) / o.airCapacityJoulePerK;
  }

  private thermostat(): void {
    const { setpointCelsius: set, thermostatBandCelsius: band } = this.options;
    if (set === null || !this.powered) {
      this.cooling = false;
      return;
    }
    if (this.air >= set + band / 2) this.cooling = true;
    else if (this.air <= set - band / 2) this.cooling = false;
  }
}
