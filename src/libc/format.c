/*
 * The printf engine: vcprintf() turns a format and its arguments into
 * characters handed one at a time to a sink, for printf() (console.c),
 * snprintf() (snprintf.c) and heap_asprintf() (asprintf.c).
 *
 * It follows C11 for flags "-+ #0", width and precision (both may be "*"),
 * the length modifiers hh h l ll z t j, and the conversions d i u o x X c s p
 * and %%.  Beyond C: "%s" of NULL prints "(null)" (cut by any precision),
 * and "%p" prints 0x and lower-case hex ("0x0" for NULL).
 *
 * There is no floating point in firmware.  A conversion the engine does not
 * know (%f, %e, %g, %a, %n, %ls...) or a format ending inside a directive is
 * printed literally, and so is the rest of the format after it: the engine
 * cannot tell how large that argument was, so it takes no more arguments.
 * The return value is the number of characters produced, or -1 when it would
 * exceed INT_MAX or a width or precision in the format does (C's EOVERFLOW).
 */
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <limits.h>
#include <string.h>

/* Conversion flags. */
#define FLAG_LEFT 0x01	/* '-': pad on the right */
#define FLAG_PLUS 0x02	/* '+': always show a sign */
#define FLAG_SPACE 0x04	/* ' ': space where a '+' would go */
#define FLAG_ALT 0x08	/* '#': 0x prefix, leading octal 0 */
#define FLAG_ZERO 0x10	/* '0': pad numbers with zeros */

/* Length modifiers. */
enum length_modifier {
	LENGTH_INT,
	LENGTH_CHAR,	/* hh */
	LENGTH_SHORT,	/* h */
	LENGTH_LONG,	/* l */
	LENGTH_LLONG,	/* ll */
	LENGTH_SIZE,	/* z */
	LENGTH_PTRDIFF,	/* t */
	LENGTH_MAX,	/* j */
};

/* One parsed conversion specification. */
struct conversion {
	unsigned int flags;
	/* Minimum field width (0 if none). */
	size_t width;
	/* Precision, or -1 if none was given. */
	long precision;
	enum length_modifier length;
};

/* Where characters go, and how many went. */
struct sink {
	void (*emit)(void *ctx, int c);
	void *ctx;
	size_t count;
};

/* Most digits a 64-bit value needs (22 in octal). */
#define MAX_DIGITS 22

static void put(struct sink *sink, char c)
{
	sink->emit(sink->ctx, (unsigned char)c);
	sink->count++;
}

static void put_repeat(struct sink *sink, char c, size_t n)
{
	while (n--)
		put(sink, c);
}

static void put_chars(struct sink *sink, const char *s, size_t n)
{
	while (n--)
		put(sink, *s++);
}

/* Emit BODY (LEN characters) padded with spaces to the field width. */
static void put_field(struct sink *sink, const struct conversion *conv,
		      const char *body, size_t len)
{
	size_t pad = conv->width > len ? conv->width - len : 0;

	if (!(conv->flags & FLAG_LEFT))
		put_repeat(sink, ' ', pad);
	put_chars(sink, body, len);
	if (conv->flags & FLAG_LEFT)
		put_repeat(sink, ' ', pad);
}

/*
 * Write VALUE in BASE (8, 10 or 16) so that it ends just before END; return
 * the number of digits.  Only values above 32 bits need 64-bit division.
 */
static size_t convert_digits(char *end, unsigned long long value,
			     unsigned int base, bool upper)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	unsigned int shift = (base == 8) ? 3 : 4;
	char *p = end;
	uint32_t small;

	if (base != 10) {
		do {
			*--p = set[value & (base - 1)];
			value >>= shift;
		} while (value);
		return (size_t)(end - p);
	}
	while (value > UINT32_MAX) {
		*--p = (char)('0' + value % 10);
		value /= 10;
	}
	small = (uint32_t)value;
	do {
		*--p = (char)('0' + small % 10);
		small /= 10;
	} while (small);
	return (size_t)(end - p);
}

/*
 * Emit an integer: SIGN is '-', '+', ' ' or 0, PREFIX "0x"/"0X" or "".
 * Precision gives the minimum number of digits; zero padding (flag '0'
 * without a precision) goes between the sign or prefix and the digits.
 */
static void put_integer(struct sink *sink, const struct conversion *conv,
			unsigned long long value, char sign,
			unsigned int base, bool upper, const char *prefix)
{
	char buf[MAX_DIGITS];
	size_t digits = convert_digits(buf + sizeof(buf), value, base, upper);
	size_t precision = conv->precision < 0 ? 1 : (size_t)conv->precision;
	size_t prefix_len = strlen(prefix);
	size_t zeros, len, pad;

	if (value == 0 && precision == 0)
		digits = 0;
	if ((conv->flags & FLAG_ALT) && base == 8 &&
	    (digits == 0 || buf[sizeof(buf) - digits] != '0') &&
	    precision <= digits)
		precision = digits + 1;
	zeros = precision > digits ? precision - digits : 0;
	len = (sign ? 1 : 0) + prefix_len + zeros + digits;
	pad = conv->width > len ? conv->width - len : 0;
	if ((conv->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO &&
	    conv->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(conv->flags & FLAG_LEFT))
		put_repeat(sink, ' ', pad);
	if (sign)
		put(sink, sign);
	put_chars(sink, prefix, prefix_len);
	put_repeat(sink, '0', zeros);
	put_chars(sink, buf + sizeof(buf) - digits, digits);
	if (conv->flags & FLAG_LEFT)
		put_repeat(sink, ' ', pad);
}

/* Fetch a signed integer argument of the conversion's length. */
static long long signed_argument(const struct conversion *conv, va_list *args)
{
	switch (conv->length) {
	case LENGTH_CHAR:
		return (signed char)va_arg(*args, int);
	case LENGTH_SHORT:
		return (short)va_arg(*args, int);
	case LENGTH_LONG:
		return va_arg(*args, long);
	case LENGTH_LLONG:
		return va_arg(*args, long long);
	case LENGTH_SIZE:
	case LENGTH_PTRDIFF:
		return va_arg(*args, ptrdiff_t);
	case LENGTH_MAX:
		return va_arg(*args, intmax_t);
	default:
		return va_arg(*args, int);
	}
}

/* Fetch an unsigned integer argument of the conversion's length. */
static unsigned long long unsigned_argument(const struct conversion *conv,
					    va_list *args)
{
	switch (conv->length) {
	case LENGTH_CHAR:
		return (unsigned char)va_arg(*args, unsigned int);
	case LENGTH_SHORT:
		return (unsigned short)va_arg(*args, unsigned int);
	case LENGTH_LONG:
		return va_arg(*args, unsigned long);
	case LENGTH_LLONG:
		return va_arg(*args, unsigned long long);
	case LENGTH_SIZE:
	case LENGTH_PTRDIFF:
		return va_arg(*args, size_t);
	case LENGTH_MAX:
		return va_arg(*args, uintmax_t);
	default:
		return va_arg(*args, unsigned int);
	}
}

/* Sign character for a signed conversion. */
static char sign_of(const struct conversion *conv, bool negative)
{
	if (negative)
		return '-';
	if (conv->flags & FLAG_PLUS)
		return '+';
	if (conv->flags & FLAG_SPACE)
		return ' ';
	return 0;
}

/*
 * Parse a decimal number at *FMT (advancing it) into *VALUE.  Returns false
 * if it exceeds INT_MAX.
 */
static bool parse_count(const char **fmt, long *value)
{
	long n = 0;
	int digit;

	for (; **fmt >= '0' && **fmt <= '9'; (*fmt)++) {
		digit = **fmt - '0';
		if (n > (INT_MAX - digit) / 10)
			return false;
		n = n * 10 + digit;
	}
	*value = n;
	return true;
}

/* Parse the length modifier at *FMT (advancing it). */
static enum length_modifier parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		if ((*fmt)[1] == 'h') {
			*fmt += 2;
			return LENGTH_CHAR;
		}
		(*fmt)++;
		return LENGTH_SHORT;
	case 'l':
		if ((*fmt)[1] == 'l') {
			*fmt += 2;
			return LENGTH_LLONG;
		}
		(*fmt)++;
		return LENGTH_LONG;
	case 'z':
		(*fmt)++;
		return LENGTH_SIZE;
	case 't':
		(*fmt)++;
		return LENGTH_PTRDIFF;
	case 'j':
		(*fmt)++;
		return LENGTH_MAX;
	default:
		return LENGTH_INT;
	}
}

/*
 * Parse flags, width, precision and length of the directive after a '%'
 * at *FMT (advancing it to the conversion character).  Returns false if a
 * width or precision exceeds INT_MAX.
 */
static bool parse_conversion(const char **fmt, struct conversion *conv,
			     va_list *args)
{
	const char *flag_chars = "-+ #0";
	const char *flag;
	long number;
	int star;

	conv->flags = 0;
	while (**fmt && (flag = strchr(flag_chars, **fmt))) {
		conv->flags |= 1U << (flag - flag_chars);
		(*fmt)++;
	}
	if (**fmt == '*') {
		(*fmt)++;
		star = va_arg(*args, int);
		if (star == INT_MIN)
			return false;
		if (star < 0) {
			conv->flags |= FLAG_LEFT;
			star = -star;
		}
		number = star;
	} else if (!parse_count(fmt, &number)) {
		return false;
	}
	conv->width = (size_t)number;
	conv->precision = -1;
	if (**fmt == '.') {
		(*fmt)++;
		if (**fmt == '*') {
			(*fmt)++;
			star = va_arg(*args, int);
			conv->precision = star < 0 ? -1 : star;
		} else if (!parse_count(fmt, &conv->precision)) {
			return false;
		}
	}
	conv->length = parse_length(fmt);
	return true;
}

/*
 * Carry out one conversion (the character at FMT).  Returns false if the
 * conversion is not one the engine knows.
 */
static bool convert(struct sink *sink, const char *fmt,
		    const struct conversion *conv, va_list *args)
{
	long long value;
	const char *s;
	size_t len;
	char c;

	switch (*fmt) {
	case 'd':
	case 'i':
		value = signed_argument(conv, args);
		put_integer(sink, conv,
			    value < 0 ? -(unsigned long long)value :
					(unsigned long long)value,
			    sign_of(conv, value < 0), 10, false, "");
		return true;
	case 'u':
		put_integer(sink, conv, unsigned_argument(conv, args), 0, 10,
			    false, "");
		return true;
	case 'o':
		put_integer(sink, conv, unsigned_argument(conv, args), 0, 8,
			    false, "");
		return true;
	case 'x':
	case 'X': {
		unsigned long long u = unsigned_argument(conv, args);
		const char *prefix = "";

		if ((conv->flags & FLAG_ALT) && u)
			prefix = (*fmt == 'X') ? "0X" : "0x";
		put_integer(sink, conv, u, 0, 16, *fmt == 'X', prefix);
		return true;
	}
	case 'p':
		put_integer(sink, conv, (uintptr_t)va_arg(*args, void *), 0, 16,
			    false, "0x");
		return true;
	case 'c':
		c = (char)va_arg(*args, int);
		put_field(sink, conv, &c, 1);
		return true;
	case 's':
		s = va_arg(*args, const char *);
		if (!s)
			s = "(null)";
		len = conv->precision < 0 ? strlen(s) :
		      strnlen(s, (size_t)conv->precision);
		put_field(sink, conv, s, len);
		return true;
	case '%':
		put(sink, '%');
		return true;
	default:
		return false;
	}
}

int vcprintf(void (*emit)(void *ctx, int c), void *ctx, const char *fmt,
	     va_list args)
{
	struct sink sink = { emit, ctx, 0 };
	struct conversion conv;
	const char *directive;
	va_list ap;
	bool overflow = false;

	va_copy(ap, args);
	while (*fmt) {
		if (*fmt != '%') {
			put(&sink, *fmt++);
			continue;
		}
		directive = fmt++;
		if (!parse_conversion(&fmt, &conv, &ap)) {
			overflow = true;
			break;
		}
		if (!*fmt || !convert(&sink, fmt, &conv, &ap)) {
			put_chars(&sink, directive, strlen(directive));
			break;
		}
		fmt++;
	}
	va_end(ap);
	if (overflow || sink.count > INT_MAX)
		return -1;
	return (int)sink.count;
}
