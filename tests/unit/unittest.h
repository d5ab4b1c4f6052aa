/*
 * Unit-test framework for the hosted ASan+UBSan build.  A test file defines
 * cases with UNIT_TEST(name) { ... } and checks with ok()/ok_eq()/ok_str();
 * tests/unit/main.c runs every case and prints one TAP line per case
 * ("ok - name" / "not ok - name"), which tests/run.py counts.
 */
#ifndef WIREBOOT_UNITTEST_H
#define WIREBOOT_UNITTEST_H

#include <wireboot/tables.h>

struct unit_test {
	const char *name;
	const char *file;
	void (*run)(void);
};
DECLARE_TABLE(unit_tests, const struct unit_test);

/* Record a check; prints a diagnostic and marks the current case failed. */
void unit_check(int passed, const char *expr, const char *file, int line);
void unit_check_long(long long got, long long want, const char *expr,
		     const char *file, int line);
void unit_check_str(const char *got, const char *want, const char *expr,
		    const char *file, int line);

#define UNIT_TEST(test_name)                                                \
	static void unit_##test_name(void);                                 \
	static const struct unit_test unit_entry_##test_name                \
		__table_entry(unit_tests, struct unit_test) = {             \
		.name = #test_name, .file = __FILE__, .run = unit_##test_name \
	};                                                                  \
	static void unit_##test_name(void)

#define ok(expr) unit_check(!!(expr), #expr, __FILE__, __LINE__)
#define ok_eq(got, want) \
	unit_check_long((long long)(got), (long long)(want), #got " == " #want, __FILE__, __LINE__)
#define ok_str(got, want) \
	unit_check_str((got), (want), #got " == " #want, __FILE__, __LINE__)

#endif
