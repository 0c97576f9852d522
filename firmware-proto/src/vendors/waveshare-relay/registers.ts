/**
 * The register map of Waveshare's "Modbus RTU Relay" boards (development protocol V2, standard
 * Modbus RTU): relays are coils 0…n-1, opto inputs are discrete inputs 0…n-1, and function 0x05 on
 * the addresses 0x02XX/0x04XX starts a "flash on"/"flash off" of relay XX whose length is the
 * written value in units of 100 ms, timed by the board itself. Defaults: unit 1, 9600 baud 8N1.
 * Frames are encoded by a Modbus library on the station's side; these are the facts it is given.
 */
export const WaveshareRelay = {
  defaultUnitId: 1,
  defaultBaudRate: 9600,
  /** Modbus function codes the station uses */
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  writeSingleCoil: 0x05,
  writeMultipleCoils: 0x0f,
  /** the value of function 0x05 that switches a coil on / off */
  coilOn: 0xff00,
  coilOff: 0x0000,
  /** relay `n` flashes on (energised, then released by the board) at address flashOnBase + n */
  flashOnBase: 0x0200,
  flashOffBase: 0x0400,
  /** one unit of the flash value */
  flashUnitMs: 100,
  /** the largest flash value the station sends: 10 s, longer than any lock pulse */
  maxFlashUnits: 100,
} as const;

/** The flash value for a pulse: whole 100 ms units, at least one, never past the cap. */
export function flashUnits(pulseMs: number): number {
  const units = Math.round(pulseMs / WaveshareRelay.flashUnitMs);
  return Math.min(WaveshareRelay.maxFlashUnits, Math.max(1, units));
}

/** CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), sent low byte first. */
export function modbusCrc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** A frame with its CRC appended (low byte first). */
export function withModbusCrc(body: Uint8Array): Buffer {
  const crc = modbusCrc16(body);
  return Buffer.concat([body, Buffer.from([crc & 0xff, crc >>> 8])]);
}
