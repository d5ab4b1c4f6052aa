/*
 * Number parsing of <stdlib.h>: strtoul, strtol, strtoull, strtoll, atoi,
 * and abs.  C11 semantics: leading white space, an optional sign, base 0
 * meaning "0x" hex / "0" octal / decimal, an optional "0x" in base 16, and
 * out-of-range values clamped to the type's limit.  There is no errno: a
 * caller that must tell overflow apart compares against the limit.
 */
#include <stdlib.h>
#include <limits.h>
#include <ctype.h>
#include <stdbool.h>

/* A number parsed by parse_number(). */
struct parsed_number {
	/* Magnitude of the value (meaningless when overflow is set). */
	unsigned long long magnitude;
	/* Was there a minus sign? */
	bool negative;
	/* Did the magnitude exceed the limit for its sign? */
	bool overflow;
};

unsigned int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return 36;
}

/*
 * Parse the number at S in BASE, accepting magnitudes up to POS_LIMIT
 * (positive) or NEG_LIMIT (negative).  *END (if END is not NULL) receives
 * the first unparsed character, or S itself when there are no digits.
 */
static struct parsed_number parse_number(const char *s, char **end, int base,
					 unsigned long long pos_limit,
					 unsigned long long neg_limit)
{
	struct parsed_number num = { 0, false, false };
	const char *p = s;
	const char *digits;
	unsigned long long value = 0;
	unsigned int digit;
	bool overflow = false;

	if (base != 0 && (base < 2 || base > 36))
		goto no_number;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		num.negative = (*p++ == '-');
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = (*p == '0') ? 8 : 10;
	}
	for (digits = p; (digit = digit_value(*p)) < (unsigned int)base; p++) {
		if (value > (ULLONG_MAX - digit) / (unsigned int)base)
			overflow = true;
		value = value * (unsigned int)base + digit;
	}
	if (p == digits)
		goto no_number;
	if (end)
		*end = (char *)p;
	num.magnitude = value;
	num.overflow = overflow ||
		       value > (num.negative ? neg_limit : pos_limit);
	return num;

no_number:
	if (end)
		*end = (char *)s;
	num.negative = false;
	return num;
}

bool parse_digits(const char **text, unsigned int base, uint64_t max,
		  uint64_t *value)
{
	const char *p = *text;
	uint64_t limit = max / base;
	uint64_t v = 0;
	unsigned int digit;

	for (; (digit = digit_value(*p)) < base; p++) {
		if (v > limit || digit > max - v * base)
			return false;
		v = v * base + digit;
	}
	if (p == *text)
		return false;
	*text = p;
	*value = v;
	return true;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	struct parsed_number num = parse_number(s, end, base, ULONG_MAX,
						ULONG_MAX);
	unsigned long value = (unsigned long)num.magnitude;

	if (num.overflow)
		return ULONG_MAX;
	return num.negative ? -value : value;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	struct parsed_number num = parse_number(s, end, base, ULLONG_MAX,
						ULLONG_MAX);

	if (num.overflow)
		return ULLONG_MAX;
	return num.negative ? -num.magnitude : num.magnitude;
}

long strtol(const char *s, char **end, int base)
{
	struct parsed_number num = parse_number(s, end, base, LONG_MAX,
						-(unsigned long)LONG_MIN);

	if (num.overflow)
		return num.negative ? LONG_MIN : LONG_MAX;
	if (num.negative && num.magnitude)
		return -(long)(num.magnitude - 1) - 1;
	return (long)num.magnitude;
}

long long strtoll(const char *s, char **end, int base)
{
	struct parsed_number num = parse_number(s, end, base, LLONG_MAX,
						-(unsigned long long)LLONG_MIN);

	if (num.overflow)
		return num.negative ? LLONG_MIN : LLONG_MAX;
	if (num.negative && num.magnitude)
		return -(long long)(num.magnitude - 1) - 1;
	return (long long)num.magnitude;
}

int atoi(const char *s)
{
	long value = strtol(s, NULL, 10);

	if (value > INT_MAX)
		return INT_MAX;
	if (value < INT_MIN)
		return INT_MIN;
	return (int)value;
}

int abs(int value)
{
	return value < 0 ? -value : value;
}
