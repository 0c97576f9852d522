import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** firmware-proto/firmware in this checkout. */
export const FIRMWARE_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../firmware-proto/firmware',
);

export class FirmwareBuildError extends Error {
  readonly code = 'FIRMWARE_BUILD_FAILED';
}

/** Runs `make -C firmware-proto/firmware <targets>`; a failed build is an error, never a skipped test. */
export function buildFirmware(...targets: string[]): void {
  const result = spawnSync('make', ['-C', FIRMWARE_DIR, ...targets], { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new FirmwareBuildError(
      `make ${targets.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

export const HOST_BOARD = join(FIRMWARE_DIR, 'build/host/regiobox-board');
export const SIMAVR_RUNNER = join(FIRMWARE_DIR, 'build/simavr/regiobox-simavr');
export const AVR_ELF = join(FIRMWARE_DIR, 'build/avr/regiobox-board.elf');
/** The same AVR firmware built with a 1 s host-silence watchdog. */
export const AVR_ELF_WATCHDOG_1S = join(FIRMWARE_DIR, 'build/simavr/regiobox-board-watchdog-1s.elf');
