/**
 * Consistent Overhead Byte Stuffing: removes every 0x00 from a block so that 0x00 can delimit
 * frames. Overhead is one byte per started 254 bytes, and a receiver resynchronises at any 0x00.
 */
export function cobsEncode(input: Uint8Array): Buffer {
  const output = Buffer.alloc(input.length + Math.ceil(input.length / 254) + 1);
  let codeIndex = 0;
  let writeIndex = 1;
  let code = 1;
  for (const byte of input) {
    if (byte === 0) {
      output[codeIndex] = code;
      codeIndex = writeIndex++;
      code = 1;
      continue;
    }
    output[writeIndex++] = byte;
    code++;
    if (code === 0xff) {
      output[codeIndex] = code;
      codeIndex = writeIndex++;
      code = 1;
    }
  }
  output[codeIndex] = code;
  return output.subarray(0, writeIndex);
}

/** Returns null when the block is not valid COBS (a zero byte inside, or a code running past the end). */
export function cobsDecode(input: Uint8Array): Buffer | null {
  const output = Buffer.alloc(input.length);
  let readIndex = 0;
  let writeIndex = 0;
  while (readIndex < input.length) {
    const code = input[readIndex]!;
    if (code === 0 || readIndex + code > input.length) return null;
    readIndex++;
    for (let i = 1; i < code; i++) {
      const byte = input[readIndex++]!;
      if (byte === 0) return null;
      output[writeIndex++] = byte;
    }
    if (code !== 0xff && readIndex < input.length) output[writeIndex++] = 0;
  }
  return output.subarray(0, writeIndex);
}
