/*
 * Linker tables: modules register drivers, commands, hooks, settings, URI
 * schemes and image types by placing a const structure in a named section.
 * The linker gathers every entry of a table into one array; code walks it with
 * for_each_table_entry().  There is no central list: linking an object is what
 * registers it.  Entries of one table have no defined order; tables that need
 * one carry an explicit order field.
 */
#ifndef WIREBOOT_TABLES_H
#define WIREBOOT_TABLES_H

#include <wireboot/compiler.h>

/* Section that holds the entries of table NAME (must be a C identifier). */
#define TABLE_SECTION(name) "wbtbl_" #name

/*
 * Declare an entry of table NAME holding objects of TYPE:
 *   struct command echo_command __table_entry(commands, struct command) = {...};
 * The explicit alignment stops the compiler padding entries apart.
 */
#define __table_entry(name, type)                                          \
	__attribute__((section(TABLE_SECTION(name)), used,                   \
		       aligned(__alignof__(type))))

/*
 * Declare the bounds of table NAME; place once in a header per table.  The
 * linker defines the bounds when the table has entries; weak references make
 * an empty table read as zero entries instead of failing to link.
 */
#define DECLARE_TABLE(name, type)                                          \
	extern type __start_wbtbl_##name[] __attribute__((weak));            \
	extern type __stop_wbtbl_##name[] __attribute__((weak))

#define table_start(name) (__start_wbtbl_##name)
#define table_end(name) (__stop_wbtbl_##name)
#define table_count(name) ((size_t)(table_end(name) - table_start(name)))

/* Iterate over every entry of table NAME. */
#define for_each_table_entry(pos, name)                                    \
	for ((pos) = table_start(name); (pos) < table_end(name); (pos)++)

#endif
