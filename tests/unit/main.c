/* Runs every registered unit test case and prints one TAP line per case. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireboot/init.h>
#include <wireboot/malloc.h>
#include "../../arch/linux/host.h"
#include "unittest.h"

/* Heap for the code under test (the hosted platform gives it the same way). */
#define UNIT_HEAP_SIZE (256UL * 1024 * 1024)

static int current_failed;

void unit_check(int passed, const char *expr, const char *file, int line)
{
	if (!passed) {
		printf("#   %s:%d: check failed: %s\n", file, line, expr);
		current_failed = 1;
	}
}

void unit_check_long(long long got, long long want, const char *expr,
		     const char *file, int line)
{
	if (got != want) {
		printf("#   %s:%d: %s: got %lld, want %lld\n", file, line, expr,
		       got, want);
		current_failed = 1;
	}
}

void unit_check_str(const char *got, const char *want, const char *expr,
		    const char *file, int line)
{
	if (!got || !want || strcmp(got, want) != 0) {
		printf("#   %s:%d: %s: got \"%s\", want \"%s\"\n", file, line,
		       expr, got ? got : "(null)", want ? want : "(null)");
		current_failed = 1;
	}
}

/* Order cases by file then name so the output is stable. */
static int compare_tests(const void *a, const void *b)
{
	const struct unit_test *const *x = a;
	const struct unit_test *const *y = b;
	int rc = strcmp((*x)->file, (*y)->file);

	return rc ? rc : strcmp((*x)->name, (*y)->name);
}

int main(void)
{
	static const struct unit_test *sorted[1024];
	const struct unit_test *test;
	size_t count = 0;
	size_t i;
	int failed = 0;
	void *heap = host_heap_memory(UNIT_HEAP_SIZE);

	if (!heap) {
		printf("not ok - unit/heap: no memory for the heap\n");
		return 1;
	}
	heap_add_region(heap, UNIT_HEAP_SIZE);
	initialise();
	startup();
	for_each_table_entry(test, unit_tests) {
		if (count < ARRAY_SIZE(sorted))
			sorted[count++] = test;
	}
	qsort(sorted, count, sizeof(sorted[0]), compare_tests);
	for (i = 0; i < count; i++) {
		current_failed = 0;
		sorted[i]->run();
		printf("%s - unit/%s\n", current_failed ? "not ok" : "ok",
		       sorted[i]->name);
		failed += current_failed;
	}
	printf("# %zu unit tests, %d failed\n", count, failed);
	shutdown(SHUTDOWN_EXIT);
	return failed ? 1 : 0;
}
