/*
 * The read-only "builtin" settings block: facts about this build that
 * scripts test, as iPXE documents them ("show platform" prints
 * "builtin/platform:string = pcbios"):
 *
 *   ${platform}   pcbios, efi or linux (the platform's platform_name)
 *   ${buildarch}  i386 or x86_64 (what the code was compiled for)
 *   ${version}    wireboot's version
 */
#include <string.h>
#include <wireboot/settings.h>
#include <wireboot/platform.h>
#include <wireboot/init.h>
#include <wireboot/errors.h>

#define ERR_SUBSYS ESUB_SETTINGS

#if defined(__x86_64__)
#define BUILD_ARCH "x86_64"
#elif defined(__i386__)
#define BUILD_ARCH "i386"
#else
#error "unknown build architecture"
#endif

const struct setting platform_setting __setting = {
	.name = "platform",	/* Platform */
	.type = &setting_type_string,
};

const struct setting buildarch_setting __setting = {
	.name = "buildarch",	/* Build architecture */
	.type = &setting_type_string,
};

const struct setting version_setting __setting = {
	.name = "version",	/* Version */
	.type = &setting_type_string,
};

static const struct {
	const struct setting *setting;
	const char *value;
} build_values[] = {
	{ &platform_setting, platform_name },
	{ &buildarch_setting, BUILD_ARCH },
	{ &version_setting, WIREBOOT_VERSION },
};

/* Fetch one of the values above. */
static int build_fetch(struct settings *settings, struct setting *setting,
		       void *data, size_t len)
{
	size_t value_len;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(build_values); i++) {
		if (setting_cmp(setting, build_values[i].setting) != 0)
			continue;
		value_len = strlen(build_values[i].value);
		if (len)
			memcpy(data, build_values[i].value,
			       MIN(len, value_len));
		setting->type = &setting_type_string;
		return (int)value_len;
	}
	return ERR(ENOENT);
}

/* List the values (for "show"-style listings). */
static void build_enumerate(struct settings *settings,
			    void (*fn)(struct settings *settings,
				       const struct setting *setting,
				       void *ctx),
			    void *ctx)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(build_values); i++)
		fn(settings, build_values[i].setting, ctx);
}

static const struct settings_operations build_settings_operations = {
	.fetch = build_fetch,
	.enumerate = build_enumerate,
};

static struct settings build_settings;

/* Attach the block as "builtin" below the root. */
static void build_settings_init(void)
{
	settings_init(&build_settings, &build_settings_operations, NULL, NULL);
	register_settings(&build_settings, NULL, "builtin");
}

static struct init_fn build_settings_init_fn __init_fn = {
	.order = INIT_NORMAL,
	.init = build_settings_init,
};
