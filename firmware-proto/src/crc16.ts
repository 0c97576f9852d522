/**
 * CRC-16/CCITT-FALSE (also catalogued as CRC-16/IBM-3740): poly 0x1021, init 0xFFFF, no reflection,
 * xorout 0x0000, check value 0x29B1 for the ASCII bytes "123456789".
 * Chosen because every microcontroller vendor ships it (often in hardware) and it is unambiguous.
 */
const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
    table[byte] = crc;
  }
  return table;
}

export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  }
  return crc;
}
