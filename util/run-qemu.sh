#!/bin/sh
# Boot a pcbios image in QEMU with its console on this terminal (make run).
#   util/run-qemu.sh [extra QEMU arguments...]
# IMAGE=bin/wireboot.usb (or .iso) boots that instead of bin/wireboot.lkrn.
# TCG only (never KVM); COM1 is the terminal: Ctrl-C goes to wireboot,
# Ctrl-A X quits QEMU, Ctrl-A C toggles the QEMU monitor.  The guest has an
# e1000 NIC on QEMU user networking, without QEMU's own boot ROM.
set -eu
cd "$(dirname "$0")/.."
image=${IMAGE:-bin/wireboot.lkrn}
[ -r "$image" ] || { echo "run-qemu.sh: $image is not built (try make)" >&2; exit 1; }
case "$image" in
*.lkrn) media="-kernel $image" ;;
*.usb) media="-drive file=$image,format=raw,snapshot=on" ;;
*.iso) media="-cdrom $image -boot d" ;;
*) echo "run-qemu.sh: do not know how to boot $image" >&2; exit 1 ;;
esac
# shellcheck disable=SC2086
exec qemu-system-x86_64 -accel tcg -m 512M -display none -serial mon:stdio \
	-no-reboot -netdev user,id=net0 -device e1000,netdev=net0,romfile= \
	$media "$@"
