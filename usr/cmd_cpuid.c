/*
 * The "cpuid [--ext] [--ecx] <bit>" command: succeed if the CPU has the
 * feature flag BIT in the standard (leaf 1) or, with --ext, the extended
 * (leaf 0x80000001) flags, in %edx or, with --ecx, in %ecx.  For example
 * "cpuid --ext 29" tests for 64-bit long mode.  Prints nothing either way.
 */
#include <stdio.h>
#include <wireboot/command.h>
#include <wireboot/parseopt.h>
#include <wireboot/cpuid.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_COMMAND

struct cpuid_options {
	bool ext;
	bool ecx;
};

static const struct option_spec cpuid_opts[] = {
	OPTION("ext", 'e', OPT_NO_ARG, struct cpuid_options, ext, parse_flag),
	OPTION("ecx", 'c', OPT_NO_ARG, struct cpuid_options, ecx, parse_flag),
};

static const struct command_spec cpuid_spec =
	COMMAND_SPEC(cpuid_opts, 1, 1, "[--ext] [--ecx] <bit number>");

static int cpuid_exec(int argc, char **argv)
{
	struct cpuid_options opts = { .ext = false, .ecx = false };
	uint32_t leaf;
	struct cpuid_regs regs;
	unsigned long bit;
	uint32_t flags;
	int first;

	first = parse_options(argc, argv, &cpuid_spec, &opts);
	if (first < 0)
		return first;
	if (parse_integer(argv[first], &bit) != 0 || bit > 31) {
		printf("%s: invalid bit number '%s'\n", argv[0], argv[first]);
		return ERR(EINVAL);
	}
	leaf = opts.ext ? CPUID_EXT_FEATURES : CPUID_FEATURES;
	if (!cpuid_has_leaf(leaf))
		return ERR(ENOTSUP);
	cpuid(leaf, 0, &regs);
	flags = opts.ecx ? regs.ecx : regs.edx;
	return flags & (1UL << bit) ? 0 : ERR(ENOTSUP);
}

struct command cpuid_command __command = {
	.name = "cpuid",
	.exec = cpuid_exec,
};
