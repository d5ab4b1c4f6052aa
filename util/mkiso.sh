#!/bin/sh
# Build the El Torito CD image: mkiso.sh <boot image> <output.iso>.
# The boot image (from arch/x86/prefix/iso.asm) goes in as a no-emulation
# boot file; the BIOS loads its first 2048 bytes and xorriso patches in the
# boot information table that tells it where the rest is.
set -eu
boot=$1
out=$2
root=$(mktemp -d "${TMPDIR:-/tmp}/wireboot-iso.XXXXXX")
trap 'rm -rf "$root"' EXIT
cp "$boot" "$root/wireboot.bin"
# xorriso always prints a banner: keep its messages for when it fails.
if ! xorriso -as mkisofs -quiet -o "$out.tmp" -V WIREBOOT -R \
	-b wireboot.bin -c boot.cat -no-emul-boot -boot-load-size 4 \
	-boot-info-table "$root" 2>"$root/log"; then
	cat "$root/log" >&2
	rm -f "$out.tmp"
	exit 1
fi
mv "$out.tmp" "$out"
