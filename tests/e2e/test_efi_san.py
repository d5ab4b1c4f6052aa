#!/usr/bin/env python3
"""SAN boot on UEFI (arch/efi/efi_block.c, efi_sanboot.c, efi_acpi.c):
OVMF (QEMU q35, TCG) starts wireboot.efi from an ESP; its virtio-net (no
option ROM, so OVMF's own SNP) is on a tap in a private namespace with
dnsmasq (DHCP: a fixed address, the iSCSI root path in option 17, the
initiator name in option 203) and tgtd exporting, with CHAP, a GPT disk
whose EFI system partition (FAT, label WBESP) holds GRUB EFI as
\\EFI\\BOOT\\BOOTX64.EFI (grub-mkimage, embedded config), Debian's kernel
and the busybox initramfs (tests/e2e/lib/linux_guest.py).

In wireboot's shell: "dhcp"; "sanboot --keep --uuid <wrong> ${root-path}"
attaches the disk and refuses to boot (no such file system), as do
"--label", "--extra" and "--filename" that match nothing; "sanunhook"
removes the handle and its children; then "sanboot --label wbesp --uuid
<partition GUID> --extra /vmlinuz ${root-path}" attaches it again and starts
GRUB from the disk through the firmware's partition and FAT drivers on
our BlockIo handle, GRUB reads the kernel and initramfs through it, and
Linux must print its marker, find the iBFT among the ACPI tables
(/sys/firmware/acpi/tables/iBFT, installed through the ACPI table
protocol) and show in /sys/firmware/ibft the initiator, target, address,
port, LUN, CHAP name and the NIC's MAC, address, prefix, gateway and DHCP
origin as configured.

Prints TAP lines "ok - efi_san/..."; needs root, tgt, dnsmasq, OVMF,
grub-efi-amd64-bin and the Linux guest.
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from netns import Namespace, skip_reason  # noqa: E402
import linux_guest  # noqa: E402
import ovmf  # noqa: E402
import sandisk  # noqa: E402
from test_san_iscsi import Tgt  # noqa: E402

WIREBOOT_EFI = os.path.join(ROOT, "bin-x86_64-efi", "wireboot.efi")
GRUB_MODULES = "/usr/lib/grub/x86_64-efi"
IQN = "iqn.2026-11.org.wireboot.test:efidisk"
INITIATOR = "iqn.2026-11.org.wireboot.test:eficlient"
SERVER = "10.79.0.1"
CLIENT = "10.79.0.20"
ROOT_PATH = f"iscsi:{SERVER}:::1:{IQN}"
LABEL = "WBESP"
PART_UUID = "6e2f3c1a-93d4-4b7e-a1c5-0d9e8f7a6b5c"
WRONG_UUID = "6e2f3c1a-93d4-4b7e-a1c5-000000000000"
RUN_SECONDS = 220
NAMES = ("dhcp", "sanboot-attach", "select-refusals", "sanunhook",
         "grub-from-san", "linux-marker", "acpi-ibft", "ibft-values")

TAP = Tap("efi_san", last_lines=40)


def grub_image(tmp, word):
    """GRUB EFI with a config that loads the guest from its own disk."""
    cfg = os.path.join(tmp, "grub-san.cfg")
    with open(cfg, "w") as f:
        f.write(f"echo GRUB-SAN-{word} root=$root\n"
                f"linux /vmlinuz {linux_guest.KERNEL_ARGS} ibft=1 "
                f"efimark={word}\n"
                "initrd /initrd.img\nboot\n")
    out = os.path.join(tmp, "bootx64.efi")
    subprocess.run(["grub-mkimage", "-O", "x86_64-efi", "-d", GRUB_MODULES,
                    "-p", "/EFI/BOOT", "-c", cfg, "-o", out,
                    "part_gpt", "fat", "linux", "boot", "echo", "efi_gop"],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return out


def dnsmasq(ns):
    """DHCP on tap0: CLIENT for our MAC, the root path and initiator name."""
    argv = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
            "--interface=tap0", "--bind-interfaces", "--no-ping",
            f"--dhcp-leasefile={os.path.join(ns.tmpdir, 'leases')}",
            "--dhcp-range=10.79.0.100,10.79.0.150,255.255.255.0",
            f"--dhcp-host={sandisk.MAC},{CLIENT}",
            f"--dhcp-option=3,{SERVER}",
            f"--dhcp-option-force=17,{ROOT_PATH}",
            f"--dhcp-option-force=203,{INITIATOR}"]
    return ns.start(argv, ready_udp_port=67)


def refusals(vm, word):
    """sanboot attaching the disk with a --uuid nothing has, then three
    more choices that match nothing: each fails, the drive stays."""
    vm.send(f"sanboot --keep --uuid {WRONG_UUID} ${{root-path}} || "
            f"echo refused-uuid-{word}\r")
    attached = (vm.expect(r"Registered SAN device 0x80", 60) and
                vm.expect(r"SAN drive 0x80: 131072 blocks of 512 bytes", 30))
    TAP.report(bool(attached), "sanboot-attach", vm.output)
    if not attached:
        return False
    ok = (vm.expect(r"could not boot from SAN drive 0x80: No such file or "
                    r"directory \(efi\)", 30) and
          vm.expect(rf"^refused-uuid-{word}\r?$", 10))
    for option, value in (("label", "NOSUCH"), ("extra", "/nosuch.txt"),
                          ("filename", "/EFI/BOOT/nosuch.efi")):
        ok = ok and ovmf.run(vm, f"sanboot --{option} {value} || "
                             f"echo refused-{option}-{word}",
                             rf"^refused-{option}-{word}\r?$", 30)
    TAP.report(bool(ok), "select-refusals", vm.output)
    return bool(ok)


def check_ibft(out):
    """The /sys/firmware/ibft values the guest printed; missing ones."""
    want = [
        rf"IBFT /sys/firmware/ibft/initiator/initiator-name: {re.escape(INITIATOR)}\r?$",
        rf"IBFT /sys/firmware/ibft/target0/target-name: {re.escape(IQN)}\r?$",
        rf"IBFT /sys/firmware/ibft/target0/ip-addr: {re.escape(SERVER)}\r?$",
        r"IBFT /sys/firmware/ibft/target0/port: 3260\r?$",
        r"IBFT /sys/firmware/ibft/target0/lun: 01000000\s",
        r"IBFT /sys/firmware/ibft/target0/chap-name: alice\r?$",
        r"IBFT /sys/firmware/ibft/target0/chap-type: 1\r?$",
        r"IBFT /sys/firmware/ibft/target0/nic-assoc: 0\r?$",
        rf"IBFT /sys/firmware/ibft/ethernet0/ip-addr: {re.escape(CLIENT)}\r?$",
        r"IBFT /sys/firmware/ibft/ethernet0/prefix-len: 24\r?$",
        rf"IBFT /sys/firmware/ibft/ethernet0/gateway: {re.escape(SERVER)}\r?$",
        rf"IBFT /sys/firmware/ibft/ethernet0/dhcp: {re.escape(SERVER)}\r?$",
        r"IBFT /sys/firmware/ibft/ethernet0/origin: 3\r?$",
        rf"IBFT /sys/firmware/ibft/ethernet0/mac: {sandisk.MAC}\r?$",
        r"IBFT /sys/firmware/ibft/ethernet0/flags: 3\r?$",
        r"IBFT /sys/firmware/ibft/acpi_header/oem_id: WIREBT\r?$",
    ]
    return [w for w in want if not re.search(w, out, re.MULTILINE)]


def unhook(vm, word):
    """sanunhook takes the handle (and its partition and file system
    children) away again."""
    ok = ovmf.run(vm, f"sanunhook && echo unhooked-{word}",
                  rf"^unhooked-{word}\r?$", 30)
    TAP.report(bool(ok) and "keeps its handle" not in vm.output, "sanunhook",
               vm.output)
    return bool(ok)


def boot(vm, word):
    """The sanboot that matches (attaching the disk again): GRUB, then
    Linux with the iBFT."""
    vm.send(f"sanboot --label {LABEL.lower()} --uuid {PART_UUID.upper()} "
            "--extra /vmlinuz ${root-path}\r")
    ok = (vm.expect(r"Registered SAN device 0x80", 60) and
          vm.expect(r"Booting \\EFI\\BOOT\\BOOTX64\.EFI from SAN drive 0x80",
                    30) and
          vm.expect(rf"GRUB-SAN-{word} root=hd\d+,gpt1\r?$", 60))
    TAP.report(bool(ok), "grub-from-san", vm.output)
    if not ok:
        return
    marker = vm.expect(linux_guest.MARKER, RUN_SECONDS - vm.elapsed())
    marker = marker and vm.expect(rf"^CMDLINE: .*\befimark={word}\b", 30)
    if marker:
        print(f"# QEMU start to the Linux marker: {vm.elapsed():.1f}s",
              flush=True)
    TAP.report(bool(marker), "linux-marker", vm.output)
    if not marker:
        return
    done = vm.expect(linux_guest.DONE, 60)
    out = vm.output
    for line in out.splitlines():
        if line.startswith(("IBFT ", "ACPI-TABLE ")):
            print("# " + line.rstrip(), flush=True)
    TAP.report(done is not None and "ACPI-TABLE iBFT present" in out,
               "acpi-ibft", out)
    missing = check_ibft(out)
    TAP.report(done is not None and not missing, "ibft-values",
               f"missing {missing}\n{out}")


def run(tmp, guest):
    word = "%08x" % random.getrandbits(32)
    disk = ovmf.gpt_esp_disk(tmp, "sandisk", {
        "EFI/BOOT/BOOTX64.EFI": grub_image(tmp, word),
        "vmlinuz": guest.vmlinuz,
        "initrd.img": guest.initrd}, LABEL, PART_UUID)
    with Namespace("efsan") as ns:
        sandisk.add_tap(ns, f"{SERVER}/24")
        dnsmasq(ns)
        tgt = Tgt(ns, f"{SERVER}:3260", 45)
        try:
            tgt.target(1, IQN, [disk], accounts=[("alice", "alicesecret12")])
            args = ovmf.esp_args(tmp, WIREBOOT_EFI)
            with sandisk.ns_qemu(ns, tmp, args, timeout=RUN_SECONDS,
                                 memory="1024M", nic="virtio-net-pci") as vm:
                ok = (ovmf.enter_shell(vm) and
                      ovmf.run(vm, "dhcp", r"^DHCP \(net0 .*ok\r?$", 30) and
                      ovmf.run(vm, "set username alice && set password "
                               f"alicesecret12 && echo creds-{word}",
                               rf"^creds-{word}\r?$"))
                TAP.report(bool(ok), "dhcp", vm.output)
                if ok and refusals(vm, word) and unhook(vm, word):
                    boot(vm, word)
        finally:
            tgt.stop()


def main():
    why = (ovmf.missing_tools() or linux_guest.unavailable() or
           skip_reason(binary=WIREBOOT_EFI,
                       tools=("ip", "tgtd", "tgtadm", "dnsmasq", "sfdisk",
                              "grub-mkimage")))
    if not why and not os.path.isdir(GRUB_MODULES):
        why = f"{GRUB_MODULES} not found (package grub-efi-amd64-bin)"
    if why:
        for name in NAMES:
            TAP.skip(name, why)
        return 0
    random.seed()
    tmp = tempfile.mkdtemp(prefix="wireboot-efisan-")
    started = time.monotonic()
    try:
        try:
            guest = linux_guest.build()
        except (OSError, RuntimeError, subprocess.CalledProcessError) as err:
            for name in NAMES:
                TAP.skip(name, f"no Linux guest: {err}")
            return 0
        run(tmp, guest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"# efi_san took {time.monotonic() - started:.0f}s", flush=True)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
