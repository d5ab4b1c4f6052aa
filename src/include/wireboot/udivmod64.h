/* 64-bit unsigned division that needs no compiler runtime helpers. */
#ifndef WIREBOOT_UDIVMOD64_H
#define WIREBOOT_UDIVMOD64_H

#include <stddef.h>
#include <stdint.h>

/* N / D (D must not be 0), with the remainder in *REM unless REM is NULL. */
uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem);

#endif
