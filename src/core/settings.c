/*
 * The settings tree: blocks, setting names, store and fetch, enumeration,
 * and the generic in-memory block that holds user settings.
 *
 * Search order (what "${name}" without a scope finds), matching iPXE's
 * documented behaviour: a block is searched before its children, so a value
 * the user sets at the root overrides the one DHCP put in net0.dhcp, and
 * "set net0/ip" overrides net0.dhcp/ip; clearing the override reveals the
 * value below.
 * Children are searched depth first, in order of their "priority" setting
 * (higher first; 0 when unset).  A block that is registered, or whose
 * priority is stored, goes behind the siblings it ties with; clearing
 * re-sorts the blocks below and keeps tied ones in their order.  A scope
 * ("net0/ip") restricts the search to that block and its descendants.  A
 * store goes to exactly one block: the scope given, or the root.  A scope
 * must name a registered block (no block is created on demand).
 *
 * Two identities name the same setting when both have a tag in the same tag
 * scope and the tags are equal, or otherwise when both names are equal; so
 * "${67}" finds a value stored as "filename".
 */
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <wireboot/errors.h>
#include <wireboot/settings.h>

#define ERR_SUBSYS ESUB_SETTINGS

/* Order of sibling blocks: higher first.  DHCP option 175.1. */
const struct setting priority_setting __setting = {
	.name = "priority",
	.type = &setting_type_int8,
	.tag = (175U << 8) | 1,
};

/* One value held by a generic block; name and data follow in one allocation. */
struct generic_value {
	struct list_head list;
	struct setting setting;
	size_t len;
};

static const struct settings_operations generic_settings_operations;

/* Tell every applicator that the settings changed. */
static void apply_settings(void)
{
	struct settings_applicator *applicator;

	for_each_table_entry(applicator, settings_applicators)
		applicator->apply();
}

static struct generic_settings root_generic = {
	.settings = {
		.name = "",
		.op = &generic_settings_operations,
		.siblings = LIST_HEAD_INIT(root_generic.settings.siblings),
		.children = LIST_HEAD_INIT(root_generic.settings.children),
	},
	.values = LIST_HEAD_INIT(root_generic.values),
};

struct settings *settings_root(void)
{
	return &root_generic.settings;
}

int setting_cmp(const struct setting *a, const struct setting *b)
{
	if (a->tag && a->tag == b->tag && a->scope == b->scope)
		return 0;
	if (a->name && b->name)
		return strcmp(a->name, b->name);
	return -1;
}

const struct setting_type *find_setting_type(const char *name)
{
	const struct setting_type *type;

	for_each_table_entry(type, setting_types) {
		if (strcmp(type->name, name) == 0)
			return type;
	}
	return NULL;
}

/* Data bytes of a generic value. */
static void *generic_value_data(struct generic_value *value)
{
	return (char *)(value + 1);
}

/* The value in GENERIC that SETTING names, or NULL. */
static struct generic_value *generic_find(struct generic_settings *generic,
					  const struct setting *setting)
{
	struct generic_value *value;

	list_for_each_entry(value, &generic->values, list) {
		if (setting_cmp(&value->setting, setting) == 0)
			return value;
	}
	return NULL;
}

static int generic_store(struct settings *settings,
			 const struct setting *setting,
			 const void *data, size_t len)
{
	struct generic_settings *generic =
		container_of(settings, struct generic_settings, settings);
	struct generic_value *old = generic_find(generic, setting);
	struct generic_value *value;
	size_t name_len = setting->name ? strlen(setting->name) + 1 : 0;
	char *name;

	if (data && len) {
		value = zalloc(sizeof(*value) + len + name_len);
		if (!value)
			return ERR(ENOMEM);
		memcpy(generic_value_data(value), data, len);
		value->len = len;
		value->setting = *setting;
		if (name_len) {
			name = (char *)generic_value_data(value) + len;
			memcpy(name, setting->name, name_len);
			value->setting.name = name;
		}
		list_add_tail(&value->list, &generic->values);
	}
	if (old) {
		list_del(&old->list);
		free(old);
	}
	return 0;
}

static int generic_fetch(struct settings *settings, struct setting *setting,
			 void *data, size_t len)
{
	struct generic_settings *generic =
		container_of(settings, struct generic_settings, settings);
	struct generic_value *value = generic_find(generic, setting);

	if (!value)
		return ERR(ENOENT);
	if (data)
		memcpy(data, generic_value_data(value), MIN(len, value->len));
	if (value->setting.type)
		setting->type = value->setting.type;
	return (int)value->len;
}

static void generic_clear(struct settings *settings)
{
	struct generic_settings *generic =
		container_of(settings, struct generic_settings, settings);
	struct generic_value *value;
	struct generic_value *tmp;

	list_for_each_entry_safe(value, tmp, &generic->values, list) {
		list_del(&value->list);
		free(value);
	}
}

static void generic_enumerate(struct settings *settings,
			      void (*fn)(struct settings *settings,
					 const struct setting *setting,
					 void *ctx),
			      void *ctx)
{
	struct generic_settings *generic =
		container_of(settings, struct generic_settings, settings);
	struct generic_value *value;
	struct generic_value *tmp;

	list_for_each_entry_safe(value, tmp, &generic->values, list)
		fn(settings, &value->setting, ctx);
}

static const struct settings_operations generic_settings_operations = {
	.store = generic_store,
	.fetch = generic_fetch,
	.clear = generic_clear,
	.enumerate = generic_enumerate,
};

void settings_init(struct settings *settings,
		   const struct settings_operations *op,
		   struct refcnt *refcnt,
		   const struct settings_scope *default_scope)
{
	memset(settings, 0, sizeof(*settings));
	settings->refcnt = refcnt;
	settings->op = op;
	settings->default_scope = default_scope;
	INIT_LIST_HEAD(&settings->siblings);
	INIT_LIST_HEAD(&settings->children);
}

void generic_settings_init(struct generic_settings *generic,
			   struct refcnt *refcnt)
{
	settings_init(&generic->settings, &generic_settings_operations,
		      refcnt, NULL);
	INIT_LIST_HEAD(&generic->values);
}

/* Can SETTINGS hold SETTING? */
static bool settings_applies(struct settings *settings,
			     const struct setting *setting)
{
	return !settings->op->applies ||
	       settings->op->applies(settings, setting);
}

/* Fetch from SETTINGS alone (no descendants), into a copy of SETTING. */
static int fetch_one(struct settings *settings, const struct setting *setting,
		     struct setting *fetched, void *data, size_t len)
{
	*fetched = *setting;
	if (!settings->op->fetch || !settings_applies(settings, setting))
		return ERR(ENOENT);
	return settings->op->fetch(settings, fetched, data, len);
}

/* Big-endian signed value of a raw integer of 1 to sizeof(long) bytes. */
static int raw_to_long(const uint8_t *raw, int len, long *value)
{
	unsigned long acc;
	int i;

	if (len <= 0 || (size_t)len > sizeof(long))
		return ERR(ERANGE);
	acc = (raw[0] & 0x80) ? ~0UL : 0;
	for (i = 0; i < len; i++)
		acc = (acc << 8) | raw[i];
	*value = (long)acc;
	return len;
}

/* Priority of SETTINGS itself (0 when it holds none). */
static long settings_priority(struct settings *settings)
{
	struct setting fetched;
	uint8_t raw[sizeof(long)];
	long priority = 0;
	int len;

	len = fetch_one(settings, &priority_setting, &fetched, raw,
			sizeof(raw));
	if (len < 0 || raw_to_long(raw, len, &priority) < 0)
		return 0;
	return priority;
}

/* Link SETTINGS (unlinked) among its parent's children by priority. */
static void insert_by_priority(struct settings *settings)
{
	struct settings *parent = settings->parent;
	struct list_head *before = &parent->children;
	struct settings *sibling;
	long priority = settings_priority(settings);

	list_for_each_entry(sibling, &parent->children, siblings) {
		if (settings_priority(sibling) < priority) {
			before = &sibling->siblings;
			break;
		}
	}
	list_add_tail(&settings->siblings, before);
}

/* Move SETTINGS to its place among its siblings after a priority change. */
static void reprioritise_settings(struct settings *settings)
{
	if (!settings->parent)
		return;
	list_del(&settings->siblings);
	insert_by_priority(settings);
}

/* Re-sort every child of PARENT by priority, keeping registration order. */
static void sort_children(struct settings *parent)
{
	LIST_HEAD(unsorted);
	struct settings *child;

	if (list_empty(&parent->children))
		return;
	/* Let UNSORTED take over the ring of children from PARENT. */
	list_insert_between(&unsorted, parent->children.prev,
			    &parent->children);
	list_del(&parent->children);
	while (!list_empty(&unsorted)) {
		child = list_first_entry(&unsorted, struct settings, siblings);
		list_del(&child->siblings);
		insert_by_priority(child);
	}
}

/* The child of PARENT whose name is the LEN characters at NAME. */
static struct settings *find_child_len(struct settings *parent,
				       const char *name, size_t len)
{
	struct settings *child;

	list_for_each_entry(child, &parent->children, siblings) {
		if (strncmp(child->name, name, len) == 0 && !child->name[len])
			return child;
	}
	return NULL;
}

struct settings *find_child_settings(struct settings *parent,
				     const char *name)
{
	return find_child_len(parent ? parent : settings_root(), name,
			      strlen(name));
}

int register_settings(struct settings *settings, struct settings *parent,
		      const char *name)
{
	if (!parent)
		parent = settings_root();
	if (!*name || strcspn(name, "./:") != strlen(name))
		return ERR(EINVAL);
	if (strlen(name) >= sizeof(settings->name))
		return ERR(ENAMETOOLONG);
	if (settings->parent || settings == settings_root())
		return ERR(EBUSY);
	if (find_child_settings(parent, name))
		return ERR(EEXIST);
	strcpy(settings->name, name);
	ref_get(parent->refcnt);
	ref_get(settings->refcnt);
	settings->parent = parent;
	insert_by_priority(settings);
	apply_settings();
	return 0;
}

void unregister_settings(struct settings *settings)
{
	struct settings *child;
	struct settings *tmp;
	struct settings *parent = settings->parent;

	if (!parent)
		return;
	list_for_each_entry_safe(child, tmp, &settings->children, siblings)
		unregister_settings(child);
	list_del(&settings->siblings);
	settings->parent = NULL;
	apply_settings();
	ref_put(parent->refcnt);
	ref_put(settings->refcnt);
}

struct settings *find_settings(const char *name)
{
	struct settings *settings = settings_root();
	size_t len;

	while (*name) {
		len = strcspn(name, ".");
		if (!len)
			return NULL;
		settings = find_child_len(settings, name, len);
		if (!settings)
			return NULL;
		name += len;
		if (*name == '.' && !*++name)
			return NULL;
	}
	return settings;
}

/* Write the dotted name of SETTINGS at BUF + USED; returns the new length. */
static size_t settings_name_at(struct settings *settings, char *buf,
			       size_t len, size_t used)
{
	if (!settings->parent)
		return used;
	used = settings_name_at(settings->parent, buf, len, used);
	if (used) {
		if (used + 1 < len)
			buf[used] = '.';
		used++;
	}
	if (used < len)
		strlcpy(buf + used, settings->name, len - used);
	return used + strlen(settings->name);
}

const char *settings_name(struct settings *settings, char *buf, size_t len)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	settings_name_at(settings, buf, len, 0);
	buf[len - 1] = '\0';
	return buf;
}

/* Parse a dotted option number ("67", "175.8"); 0 if NAME is not one. */
static unsigned int parse_setting_tag(const char *name)
{
	unsigned int tag = 0;
	uint64_t part;
	int parts = 0;

	do {
		if (!parse_digits(&name, 10, 0xff, &part) || ++parts > 4)
			return 0;
		tag = (tag << 8) | (unsigned int)part;
	} while (*name++ == '.');
	return name[-1] ? 0 : tag;
}

/* The well-known setting called NAME, preferring one of SCOPE. */
static const struct setting *find_known_setting(const char *name,
						const struct settings_scope *scope)
{
	const struct setting *known;
	const struct setting *found = NULL;

	for_each_table_entry(known, settings) {
		if (!known->name || strcmp(known->name, name) != 0)
			continue;
		if (known->scope == scope)
			return known;
		if (!found)
			found = known;
	}
	return found;
}

int parse_setting_name(char *name, struct settings **settings,
		       struct setting *setting)
{
	const struct settings_scope *scope = NULL;
	const struct setting_type *type = NULL;
	const struct setting *known;
	char *slash = strchr(name, '/');
	char *colon;
	unsigned int tag;

	*settings = NULL;
	memset(setting, 0, sizeof(*setting));
	if (slash) {
		*slash = '\0';
		*settings = find_settings(name);
		if (!*settings)
			return ERR(ENODEV);
		scope = (*settings)->default_scope;
		name = slash + 1;
	}
	colon = strchr(name, ':');
	if (colon) {
		*colon = '\0';
		type = find_setting_type(colon + 1);
		if (!type)
			return ERR(ENOTSUP);
	}
	if (!*name)
		return ERR(EINVAL);
	known = find_known_setting(name, scope);
	if (known) {
		*setting = *known;
	} else if ((tag = parse_setting_tag(name)) != 0) {
		setting->tag = tag;
		setting->scope = scope;
	} else {
		setting->name = name;
	}
	if (type)
		setting->type = type;
	return 0;
}

int setting_full_name(struct settings *settings, const struct setting *setting,
		      char *buf, size_t len)
{
	char scope[128];
	char tag[16];
	const char *name = setting->name;
	size_t used = 0;
	int shift;

	if (!name) {
		for (shift = 24; shift > 0 && !(setting->tag >> shift);
		     shift -= 8)
			;
		for (; shift >= 0; shift -= 8) {
			used += (size_t)snprintf(tag + used, sizeof(tag) - used,
						 "%s%u", used ? "." : "",
						 (setting->tag >> shift) & 0xff);
		}
		name = tag;
	}
	settings_name(settings ? settings : settings_root(), scope,
		      sizeof(scope));
	return snprintf(buf, len, "%s%s%s%s%s", scope, *scope ? "/" : "",
			name, setting->type ? ":" : "",
			setting->type ? setting->type->name : "");
}

int store_setting(struct settings *settings, const struct setting *setting,
		  const void *data, size_t len)
{
	int rc;

	if (!settings)
		settings = settings_root();
	if (!settings_applies(settings, setting))
		return ERR(ENOTSUP);
	if (!settings->op->store)
		return ERR(EROFS);
	if (!data)
		len = 0;
	rc = settings->op->store(settings, setting, data, len);
	if (rc < 0)
		return rc;
	if (setting_cmp(setting, &priority_setting) == 0)
		reprioritise_settings(settings);
	apply_settings();
	return 0;
}

/* Search SETTINGS, then its children in order. */
static int fetch_tree(struct settings *settings, const struct setting *setting,
		      struct settings **origin, struct setting *fetched,
		      void *data, size_t len)
{
	struct settings *child;
	int rc;

	rc = fetch_one(settings, setting, fetched, data, len);
	if (rc >= 0) {
		*origin = settings;
		return rc;
	}
	list_for_each_entry(child, &settings->children, siblings) {
		rc = fetch_tree(child, setting, origin, fetched, data, len);
		if (rc >= 0)
			return rc;
	}
	return ERR(ENOENT);
}

int fetch_setting(struct settings *settings, const struct setting *setting,
		  struct settings **origin, struct setting *fetched,
		  void *data, size_t len)
{
	struct settings *found = NULL;
	struct setting copy;
	int rc;

	if (!data)
		len = 0;
	rc = fetch_tree(settings ? settings : settings_root(), setting, &found,
			&copy, data, len);
	if (rc < 0)
		return rc;
	if (origin)
		*origin = found;
	if (fetched)
		*fetched = copy;
	return rc;
}

/* Fetch into a fresh heap buffer, also giving the fetched identity. */
static int fetch_setting_alloc(struct settings *settings,
			       const struct setting *setting,
			       struct setting *fetched, void **data)
{
	void *buf;
	int len;
	int got;

	*data = NULL;
	len = fetch_setting(settings, setting, NULL, NULL, NULL, 0);
	while (len >= 0) {
		buf = malloc((size_t)len + 1);
		if (!buf)
			return ERR(ENOMEM);
		got = fetch_setting(settings, setting, NULL, fetched, buf,
				    (size_t)len);
		if (got >= 0 && got <= len) {
			*data = buf;
			return got;
		}
		free(buf);
		len = got;
	}
	return len;
}

int fetch_setting_copy(struct settings *settings,
		       const struct setting *setting, void **data)
{
	struct setting fetched;

	return fetch_setting_alloc(settings, setting, &fetched, data);
}

/* The type to show a value in: asked for, else as stored, else string. */
static const struct setting_type *
format_type(const struct setting *setting, const struct setting *fetched)
{
	if (setting->type)
		return setting->type;
	if (fetched->type)
		return fetched->type;
	return &setting_type_string;
}

int fetchf_setting(struct settings *settings, const struct setting *setting,
		   char *buf, size_t len)
{
	const struct setting_type *type;
	struct setting fetched;
	void *raw;
	int raw_len;
	int rc;

	raw_len = fetch_setting_alloc(settings, setting, &fetched, &raw);
	if (raw_len < 0)
		return raw_len;
	type = format_type(setting, &fetched);
	rc = type->format(type, raw, (size_t)raw_len, buf, len);
	free(raw);
	return rc;
}

int fetchf_setting_copy(struct settings *settings,
			const struct setting *setting, char **text)
{
	const struct setting_type *type;
	struct setting fetched;
	void *raw;
	int raw_len;
	int len;
	int rc;

	*text = NULL;
	raw_len = fetch_setting_alloc(settings, setting, &fetched, &raw);
	if (raw_len < 0)
		return raw_len;
	type = format_type(setting, &fetched);
	len = type->format(type, raw, (size_t)raw_len, NULL, 0);
	if (len < 0) {
		rc = len;
		goto out;
	}
	*text = malloc((size_t)len + 1);
	if (!*text) {
		rc = ERR(ENOMEM);
		goto out;
	}
	rc = type->format(type, raw, (size_t)raw_len, *text, (size_t)len + 1);
	if (rc < 0) {
		free(*text);
		*text = NULL;
	}
out:
	free(raw);
	return rc;
}

int storef_setting(struct settings *settings, const struct setting *setting,
		   const char *text)
{
	struct setting typed = *setting;
	void *raw;
	int len;
	int rc;

	if (!text || !*text)
		return delete_setting(settings, setting);
	if (!typed.type)
		typed.type = &setting_type_string;
	len = typed.type->parse(typed.type, text, NULL, 0);
	if (len < 0)
		return len;
	raw = malloc((size_t)len + 1);
	if (!raw)
		return ERR(ENOMEM);
	rc = typed.type->parse(typed.type, text, raw, (size_t)len);
	if (rc >= 0)
		rc = store_setting(settings, &typed, raw, (size_t)len);
	free(raw);
	return rc;
}

int fetch_string_setting(struct settings *settings,
			 const struct setting *setting, char *buf, size_t len)
{
	int rc;

	if (len)
		memset(buf, 0, len);
	rc = fetch_setting(settings, setting, NULL, NULL, buf,
			   len ? len - 1 : 0);
	return rc;
}

/* Fetch a big-endian integer of at most sizeof(long) bytes. */
static int fetch_raw_int(struct settings *settings,
			 const struct setting *setting, uint8_t *raw)
{
	int len;

	len = fetch_setting(settings, setting, NULL, NULL, raw, sizeof(long));
	if (len > (int)sizeof(long))
		return ERR(ERANGE);
	return len;
}

int fetch_int_setting(struct settings *settings,
		      const struct setting *setting, long *value)
{
	uint8_t raw[sizeof(long)];
	int len;

	*value = 0;
	len = fetch_raw_int(settings, setting, raw);
	if (len < 0)
		return len;
	return len ? raw_to_long(raw, len, value) : 0;
}

int fetch_uint_setting(struct settings *settings,
		       const struct setting *setting, unsigned long *value)
{
	uint8_t raw[sizeof(long)];
	int len;
	int i;

	*value = 0;
	len = fetch_raw_int(settings, setting, raw);
	for (i = 0; i < len; i++)
		*value = (*value << 8) | raw[i];
	return len;
}

int fetch_ipv4_setting(struct settings *settings,
		       const struct setting *setting, uint32_t *addr)
{
	int len;

	len = fetch_setting(settings, setting, NULL, NULL, addr,
			    sizeof(*addr));
	if (len >= 0 && len < (int)sizeof(*addr))
		return ERR(ERANGE);
	return len;
}

int fetch_uuid_setting(struct settings *settings,
		       const struct setting *setting, uint8_t uuid[16])
{
	int len;

	len = fetch_setting(settings, setting, NULL, NULL, uuid, 16);
	if (len >= 0 && len < 16)
		return ERR(ERANGE);
	return len;
}

/* Delete every value in SETTINGS and below; re-sort the blocks below. */
static void clear_tree(struct settings *settings)
{
	struct settings *child;

	if (settings->op->clear)
		settings->op->clear(settings);
	list_for_each_entry(child, &settings->children, siblings)
		clear_tree(child);
	sort_children(settings);
}

void clear_settings(struct settings *settings)
{
	if (!settings)
		settings = settings_root();
	clear_tree(settings);
	reprioritise_settings(settings);
	apply_settings();
}

void enumerate_settings(struct settings *settings,
			void (*fn)(struct settings *settings,
				   const struct setting *setting, void *ctx),
			void *ctx)
{
	struct settings *child;

	if (!settings)
		settings = settings_root();
	if (settings->op->enumerate)
		settings->op->enumerate(settings, fn, ctx);
	list_for_each_entry(child, &settings->children, siblings)
		enumerate_settings(child, fn, ctx);
}
