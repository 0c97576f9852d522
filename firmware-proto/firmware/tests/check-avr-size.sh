#!/bin/sh
# Fails when the AVR build exceeds the budget: half the ATmega2560's flash, 4 KB of its 8 KB RAM.
set -eu
elf=$1
avr-size -A "$elf" | awk '
  $1 == ".text" || $1 == ".data" { flash += $2 }
  $1 == ".data" || $1 == ".bss" || $1 == ".noinit" { ram += $2 }
  END {
    printf "budget: flash %d of 131072 bytes, static RAM %d of 4096 bytes\n", flash, ram
    if (flash > 131072 || ram > 4096) { print "over budget"; exit 1 }
  }'
