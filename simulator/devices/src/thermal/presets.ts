import type { ThermalCompartmentOptions } from './compartment.js';

export type ThermalZone = 'ambient' | 'chilled' | 'cold' | 'frozen';

/**
 * A locker compartment of about 50 litres per zone. The numbers give what small cooled lockers
 * show: a chilled door open for two minutes on a 26 °C afternoon lifts the air to about 12 °C and
 * the unit has it below 7 °C again about six minutes later (a frozen one: about −9 °C, ten minutes
 * above −18 °C); after a cooling failure an empty chilled compartment passes 7 °C within minutes and
 * approaches ambient over hours (wall time constant ≈ half an hour, slower with goods inside).
 */
export const ZONE_PRESETS: Readonly<Record<ThermalZone, ThermalCompartmentOptions>> = {
  // no cooling unit; thin walls, so it follows the day with some lag
  ambient: {
    setpointCelsius: null,
    thermostatBandCelsius: 0,
    coolingWatts: 0,
    airCapacityJoulePerK: 3000,
    wallWattPerK: 3,
    doorOpenWattPerK: 10,
    initialCelsius: 15,
  },
  chilled: {
    setpointCelsius: 4,
    thermostatBandCelsius: 2,
    coolingWatts: 60,
    airCapacityJoulePerK: 2000,
    wallWattPerK: 1,
    doorOpenWattPerK: 10,
    initialCelsius: 4,
  },
  cold: {
    setpointCelsius: 2,
    thermostatBandCelsius: 1.5,
    coolingWatts: 60,
    airCapacityJoulePerK: 2000,
    wallWattPerK: 1,
    doorOpenWattPerK: 10,
    initialCelsius: 2,
  },
  frozen: {
    setpointCelsius: -22,
    thermostatBandCelsius: 2,
    coolingWatts: 80,
    airCapacityJoulePerK: 2500,
    wallWattPerK: 0.8,
    doorOpenWattPerK: 8,
    initialCelsius: -22,
  },
};
