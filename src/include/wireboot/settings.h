/*
 * Settings: a tree of named blocks of typed values.
 *
 * The root block (name "") holds what the user sets; platforms and protocols
 * register their own blocks beneath it ("smbios", "net0", "net0.dhcp", ...).
 * A setting is named "[scope/]name[:type]": a lookup without a scope searches
 * every block, each block before its children (so a value set at the root
 * overrides one from net0.dhcp, as in iPXE) and siblings by their "priority"
 * setting; with a scope it searches that block and its descendants.  A name
 * may also be a number, meaning a DHCP-style option tag ("${67}", "${175.8}").
 *
 * Values are stored raw (a 4-byte IPv4 address, a 16-byte UUID, ...) and
 * turned to and from text by their setting type.
 */
#ifndef WIREBOOT_SETTINGS_H
#define WIREBOOT_SETTINGS_H

#include <wireboot/tables.h>
#include <wireboot/list.h>
#include <wireboot/refcnt.h>

struct settings;
struct setting;

/* How raw values of a setting become text and back. */
struct setting_type {
	/* Name used after ':' in a setting name, e.g. "ipv4". */
	const char *name;
	/*
	 * Parse TEXT into RAW (of LEN bytes).  Returns the length the raw
	 * value needs (even if larger than LEN) or a negative error.
	 */
	int (*parse)(const struct setting_type *type, const char *text,
		     void *raw, size_t len);
	/*
	 * Format RAW (of RAW_LEN bytes) as text into BUF (of LEN bytes,
	 * always NUL-terminated when LEN > 0).  Returns the length of the
	 * full text (like snprintf) or a negative error.
	 */
	int (*format)(const struct setting_type *type, const void *raw,
		      size_t raw_len, char *buf, size_t len);
};
DECLARE_TABLE(setting_types, struct setting_type);
#define __setting_type __table_entry(setting_types, struct setting_type)

extern const struct setting_type setting_type_string;
extern const struct setting_type setting_type_uristring;
extern const struct setting_type setting_type_ipv4;
extern const struct setting_type setting_type_int8;
extern const struct setting_type setting_type_int16;
extern const struct setting_type setting_type_int32;
extern const struct setting_type setting_type_uint8;
extern const struct setting_type setting_type_uint16;
extern const struct setting_type setting_type_uint32;
extern const struct setting_type setting_type_hex;	/* 52:54:00:12:34:56 */
extern const struct setting_type setting_type_hexhyp;	/* 52-54-00-12-34-56 */
extern const struct setting_type setting_type_hexraw;	/* 525400123456 */
extern const struct setting_type setting_type_base64;
extern const struct setting_type setting_type_uuid;

/* A setting's identity: what "${name}" refers to. */
struct setting {
	/* Name without scope or type, e.g. "ip"; NULL for a bare tag. */
	const char *name;
	/* Type used to format and parse values (string if NULL). */
	const struct setting_type *type;
	/* Numeric tag (e.g. DHCP option 3, or 175.8 as (175 << 8) | 8); 0 if none. */
	unsigned int tag;
	/* Which kind of block the tag numbers belong to; NULL = DHCP numbering. */
	const struct settings_scope *scope;
};
/* Well-known settings, so that "${ip}" has a type and a tag. */
DECLARE_TABLE(settings, struct setting);
#define __setting __table_entry(settings, struct setting)

/* Identifies a numbering space for tags (DHCP options, SMBIOS, ...). */
struct settings_scope {
	const char *name;
};

/* What a block of settings can do. */
struct settings_operations {
	/* Can this block hold SETTING at all?  NULL means yes. */
	int (*applies)(struct settings *settings, const struct setting *setting);
	/* Store raw DATA (LEN bytes); DATA NULL / LEN 0 deletes.  NULL = read-only. */
	int (*store)(struct settings *settings, const struct setting *setting,
		     const void *data, size_t len);
	/*
	 * Fetch the raw value of SETTING into DATA (of LEN bytes).  Returns
	 * its full length or ERR(ENOENT).  May set SETTING->type when the
	 * block knows the type of what it holds.
	 */
	int (*fetch)(struct settings *settings, struct setting *setting,
		     void *data, size_t len);
	/* Delete every value. */
	void (*clear)(struct settings *settings);
	/* Call FN for each setting the block holds (for "show"/"config"). */
	void (*enumerate)(struct settings *settings,
			  void (*fn)(struct settings *settings,
				     const struct setting *setting, void *ctx),
			  void *ctx);
};

struct settings {
	/* Lifetime of whatever embeds this block (NULL if static). */
	struct refcnt *refcnt;
	/* Name within the parent, e.g. "dhcp" for "net0.dhcp". */
	char name[32];
	/* Scope of numeric tags fetched from this block. */
	const struct settings_scope *default_scope;
	const struct settings_operations *op;
	struct settings *parent;
	struct list_head siblings;
	struct list_head children;
};

/* A block that stores any value given to it, in memory. */
struct generic_settings {
	struct settings settings;
	struct list_head values;
};

/* Set up a generic block (REFCNT may be NULL). */
void generic_settings_init(struct generic_settings *generic,
			   struct refcnt *refcnt);

/* Set up any block with its operations. */
void settings_init(struct settings *settings,
		   const struct settings_operations *op,
		   struct refcnt *refcnt,
		   const struct settings_scope *default_scope);

/* The root block (user settings). */
struct settings *settings_root(void);

/* Attach SETTINGS as NAME below PARENT (NULL = root). */
int register_settings(struct settings *settings, struct settings *parent,
		      const char *name);
void unregister_settings(struct settings *settings);

/* Find the child of PARENT (NULL = root) called NAME, or NULL. */
struct settings *find_child_settings(struct settings *parent,
				     const char *name);

/* Find a block by its full dotted name ("net0.dhcp"); "" is the root. */
struct settings *find_settings(const char *name);

/* Full dotted name of a block into BUF ("net0.dhcp", "" for the root). */
const char *settings_name(struct settings *settings, char *buf, size_t len);

/*
 * Do A and B name the same setting?  0 when both have equal tags in the same
 * tag scope, or else equal names; nonzero otherwise.  Blocks use this to
 * match what they are asked for.
 */
int setting_cmp(const struct setting *a, const struct setting *b);

/* The setting type called NAME ("ipv4", "hex", ...), or NULL. */
const struct setting_type *find_setting_type(const char *name);

/* Orders sibling blocks, higher first (int8, DHCP option 175.1). */
extern const struct setting priority_setting;

/*
 * Something that acts on the current settings (IPv4 routes follow
 * ${netX/ip}): apply() runs after every successful store, every clear and
 * every block registered or unregistered.
 */
struct settings_applicator {
	void (*apply)(void);
};
DECLARE_TABLE(settings_applicators, struct settings_applicator);
#define __settings_applicator __table_entry(settings_applicators, struct settings_applicator)

/*
 * Parse "[scope/]name[:type]" (NAME is modified).  *SETTINGS receives the
 * named block (NULL when no scope was given), SETTING the identity, with the
 * type and tag of a well-known setting of that name filled in.  SETTING->name
 * may point into NAME.  A numeric name becomes a tag in the block's
 * default_scope (NULL = DHCP).  The type is NULL for a user-defined name
 * without ":type" (then the type the value was stored with is used, else
 * string).  Errors: ENODEV unknown scope, ENOTSUP unknown type, EINVAL empty.
 */
int parse_setting_name(char *name, struct settings **settings,
		       struct setting *setting);

/* Compose the full name of SETTING in SETTINGS ("net0.dhcp/ip:ipv4"). */
int setting_full_name(struct settings *settings, const struct setting *setting,
		      char *buf, size_t len);

/* Store a raw value (SETTINGS NULL = root).  DATA NULL deletes. */
int store_setting(struct settings *settings, const struct setting *setting,
		  const void *data, size_t len);

/* Delete a value. */
static inline int delete_setting(struct settings *settings,
				 const struct setting *setting)
{
	return store_setting(settings, setting, NULL, 0);
}

/*
 * Fetch a raw value, searching SETTINGS and its descendants (NULL = all).
 * ORIGIN (may be NULL) receives the block it came from and FETCHED (may be
 * NULL) the setting with the type that block reported.  Returns the length
 * of the value or ERR(ENOENT).
 */
int fetch_setting(struct settings *settings, const struct setting *setting,
		  struct settings **origin, struct setting *fetched,
		  void *data, size_t len);

/* Fetch a raw value into a fresh heap buffer (*DATA; caller frees). */
int fetch_setting_copy(struct settings *settings,
		       const struct setting *setting, void **data);

/* Fetch and format as text per the setting's type (snprintf-like return). */
int fetchf_setting(struct settings *settings, const struct setting *setting,
		   char *buf, size_t len);

/* Fetch and format into a fresh heap string (*TEXT; caller frees). */
int fetchf_setting_copy(struct settings *settings,
			const struct setting *setting, char **text);

/* Parse TEXT per the setting's type and store it; NULL or "" deletes. */
int storef_setting(struct settings *settings, const struct setting *setting,
		   const char *text);

/* Typed conveniences; each returns the raw length or a negative error. */
int fetch_string_setting(struct settings *settings,
			 const struct setting *setting, char *buf, size_t len);
int fetch_uint_setting(struct settings *settings,
		       const struct setting *setting, unsigned long *value);
/* Signed: the first raw byte's top bit extends to the left. */
int fetch_int_setting(struct settings *settings,
		      const struct setting *setting, long *value);
int fetch_ipv4_setting(struct settings *settings,
		       const struct setting *setting, uint32_t *addr);
int fetch_uuid_setting(struct settings *settings,
		       const struct setting *setting, uint8_t uuid[16]);

/* Remove every value in SETTINGS (NULL = root) and its descendants. */
void clear_settings(struct settings *settings);

/*
 * Expand every "${name}" in STR into a fresh heap string (caller frees).
 * Unknown settings expand to "".  Returns NULL if memory runs out.
 */
char *expand_settings(const char *str);

/* Visit every value in SETTINGS and its descendants (NULL = everything). */
void enumerate_settings(struct settings *settings,
			void (*fn)(struct settings *settings,
				   const struct setting *setting, void *ctx),
			void *ctx);

#endif
