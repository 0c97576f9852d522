/*
 * The side channel of the host board: one command per line on stdin, one answer line on stdout.
 *   door <i> open|closed      occupied <i> 0|1      probe <i> <centi-degrees>|missing|fault
 *   locks                     -> "locks <0|1 per channel>"
 *   stats                     -> "stats frames=<n> errors=<n> pulses=<n> watchdog_trips=<n>"
 * Answers are "ok", "error <why>" or the lines above. The board adds lines of its own:
 * "lock <ch> on|off <ms>" for every output change and "watchdog released <ms>" when it trips.
 */
#ifndef HOST_CONTROL_H
#define HOST_CONTROL_H

#include "../../core/board.h"
#include "host_io.h"

void control_line(char *line, host_io *io, const board *b);

#endif
