import type { OpenOptions } from '@serialport/stream';

/**
 * A serialport binding: the operating system's (bindings-cpp) or the simulator's in-process one.
 * Taken from @serialport/stream because @serialport/bindings-interface publishes no ESM types.
 */
export type SerialBinding = OpenOptions['binding'];
