#!/bin/sh
# Write the linker-table part of arch/efi/efi.lds for the objects given:
# every wbtbl_<name> section they hold or whose __start_/__stop_ bounds they
# use, each kept between its two bounds (empty tables get equal bounds, so
# no reference stays undefined).
set -e
{
	objdump -h "$@" | awk '$2 ~ /^wbtbl_/ { print substr($2, 7) }'
	nm -u "$@" | sed -n 's/^ *[wU] __st\(art\|op\)_wbtbl_//p'
} | sort -u | while read -r name; do
	printf '. = ALIGN(32);\n__start_wbtbl_%s = .;\nKEEP(*(wbtbl_%s))\n__stop_wbtbl_%s = .;\n' \
		"$name" "$name" "$name"
done
