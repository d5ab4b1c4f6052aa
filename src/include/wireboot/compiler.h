/* Compiler helpers shared by every wireboot source file: attributes, sizes, containers. */
#ifndef WIREBOOT_COMPILER_H
#define WIREBOOT_COMPILER_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Pointer to the structure that embeds MEMBER, given a pointer to MEMBER. */
#define container_of(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

#define __unused __attribute__((unused))
#define __packed __attribute__((packed))
#define __noreturn __attribute__((noreturn))
#define __printf(fmt, args) __attribute__((format(printf, fmt, args)))
#define __aligned(n) __attribute__((aligned(n)))
/* For helpers whose inlined copies would cost more space than a call. */
#define __noinline __attribute__((noinline))
/*
 * For functions written in assembly or called from it: arguments on the
 * stack, caller pops (the pcbios build otherwise passes them in registers).
 */
#ifdef __i386__
#define __asmcall __attribute__((cdecl, regparm(0)))
#else
#define __asmcall
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
