#!/bin/sh
# Boot a pcbios image in QEMU against a built-in demo network (make run).
#   util/run-qemu.sh [extra QEMU arguments...]
# IMAGE=bin/wireboot.usb (or .iso) boots that instead of bin/wireboot.lkrn.
# TCG only (never KVM); COM1 is the terminal: Ctrl-C goes to wireboot,
# Ctrl-A X quits QEMU, Ctrl-A C toggles the QEMU monitor.
#
# The guest has an e1000 NIC (without QEMU's own boot ROM) on QEMU user
# networking, whose DHCP server names boot.ipxe and whose TFTP server
# serves build/demo/, filled here from util/demo/: wireboot autoboots into
# that menu.  When the tests have built the Debian Linux guest
# (build/linux-guest/, tests/e2e/lib/linux_guest.py) the menu offers to
# boot it; nothing is downloaded here.  No root needed.
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

demo=build/demo
rm -rf "$demo"
mkdir -p "$demo"
cp util/demo/boot.ipxe util/demo/hello.txt "$demo/"
{
	echo '#!ipxe'
	echo "set demo-hello-sha256 $(sha256sum "$demo/hello.txt" | cut -d' ' -f1)"
} > "$demo/demo-options.ipxe"
guest_kernel=$(ls build/linux-guest/tree/boot/vmlinuz-* 2>/dev/null | tail -n 1 || true)
if [ -n "$guest_kernel" ] && [ -r build/linux-guest/initrd.img ]; then
	mkdir -p "$demo/linux"
	cp "$guest_kernel" "$demo/linux/vmlinuz"
	cp build/linux-guest/initrd.img "$demo/linux/initrd.img"
	echo "set demo-linux 1" >> "$demo/demo-options.ipxe"
fi

# shellcheck disable=SC2086
exec qemu-system-x86_64 -accel tcg -m 512M -display none -serial mon:stdio \
	-no-reboot \
	-netdev "user,id=net0,tftp=$demo,bootfile=boot.ipxe" \
	-device e1000,netdev=net0,romfile= \
	$media "$@"
