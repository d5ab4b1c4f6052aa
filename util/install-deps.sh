#!/bin/sh
# Installs every Debian package wireboot needs to build and test, and only
# those that are missing; does nothing (quickly) when all are present.
# Run as root, or it prints the apt-get command to run.  Nothing is
# downloaded from anywhere but the Debian archive.
set -eu

PACKAGES="
build-essential gcc-multilib nasm binutils make python3
clang libclang-rt-14-dev
qemu-system-x86 qemu-utils seabios ovmf ipxe-qemu
xorriso mtools dosfstools fdisk cpio kmod busybox-static
pxelinux syslinux syslinux-common isolinux grub-pc-bin grub-efi-amd64-bin
gnu-efi
tgt vblade dnsmasq-base tftpd-hpa nginx-light iproute2 tshark ipxe
iputils-ping ethtool
"

missing=""
for pkg in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "wireboot needs these Debian packages:$missing" >&2
	echo "Install them as root with: apt-get install$missing" >&2
	exit 1
fi

echo "Installing Debian packages:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "Packages installed."
