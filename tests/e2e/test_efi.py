#!/usr/bin/env python3
"""The EFI images (bin-x86_64-efi/wireboot.efi and snponly.efi) under OVMF
(QEMU q35, TCG).  Checks: both files are PE32+ EFI applications with a
.reloc section; wireboot.efi started from an ESP (\\EFI\\BOOT\\BOOTX64.EFI)
prints the banner on OVMF's serial console, runs a shell command typed
there, says ${platform} efi and ${buildarch} x86_64, lists every command
the BIOS build has (linker tables survived the conversion), decodes the
arrow keys OVMF's terminal turns into EFI scan codes, reads SMBIOS from the
configuration table, shows the EFI memory map, keeps time, runs a menu
through ConOut's cursor calls, and powers off;
an EMBED= build runs its script; over OVMF's own virtio-net driver (SNP)
wireboot.efi drives every NIC and gets a DHCP lease from slirp saying it is
an x64 UEFI client (options 93, 94, 60 in a pcap); OVMF's PXE client loads
snponly.efi over TFTP, which drives only the NIC it came from, gets its
own lease and downloads a file by TFTP.  Prints TAP lines "ok - efi/...".
"""
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from qemu import Qemu  # noqa: E402
from ovmf import (BANNER, BANNER_SECONDS, SHELL_PROMPT,  # noqa: E402
                  enter_shell, esp_args, missing_tools, ovmf_args, run)

EFI_BIN = os.path.join(ROOT, "bin-x86_64-efi")
RUN_SECONDS = 120
# Size of the file snponly.efi fetches by TFTP.
BLOB_SIZE = 4 * 1024 * 1024
LEFT = "\x1b[D"
UP = "\x1b[A"

TAP = Tap("efi", last_lines=30)
report = TAP.report
skip = TAP.skip


def token():
    return "%08x" % random.getrandbits(32)


def random_mac():
    return "52:54:00:%02x:%02x:%02x" % tuple(random.getrandbits(8) for _ in range(3))


def help_commands(vm):
    """Run "help" and return the set of command names it lists."""
    vm.send("help\r")
    match = vm.expect(r"Available commands:\r?\n([\s\S]*?)\r?\nType ", 15)
    if not match:
        return None
    return set(match.group(1).decode().split())


def bios_commands():
    """The commands the BIOS build lists, from bin/wireboot.lkrn under SeaBIOS."""
    lkrn = os.path.join(ROOT, "bin", "wireboot.lkrn")
    if not os.path.exists(lkrn):
        return None
    with Qemu(["-net", "none", "-kernel", lkrn], timeout=60) as vm:
        if not enter_shell(vm):
            return None
        return help_commands(vm)


def pe_test():
    """objdump: PE32+ for x86-64, subsystem 10 (EFI application), .reloc."""
    for name in ("wireboot.efi", "snponly.efi"):
        path = os.path.join(EFI_BIN, name)
        if not os.path.exists(path):
            report(False, f"pe-{name}", f"{path} is not built")
            continue
        headers = subprocess.run(["objdump", "-p", path], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True).stdout
        sections = subprocess.run(["objdump", "-h", path], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True).stdout
        ok = ("file format pei-x86-64" in headers and
              re.search(r"^Subsystem\s+0000000a", headers, re.MULTILINE) and
              re.search(r"^\s*\d+ \.reloc\s", sections, re.MULTILINE))
        report(bool(ok), f"pe-{name}", headers + sections)


def shell_test(bios_list):
    """wireboot.efi from an ESP: banner, shell, settings, help, keys,
    SMBIOS, memmap, clock, menu, poweroff.  Returns the commands it lists."""
    word = token()
    uuid = "%08x-1234-5678-9abc-def012345678" % random.getrandbits(32)
    with tempfile.TemporaryDirectory(prefix="wireboot-efi-") as tmp:
        args = esp_args(tmp, os.path.join(EFI_BIN, "wireboot.efi")) + [
            "-net", "none", "-uuid", uuid,
            "-smbios", f"type=1,manufacturer=Maker{word},serial=S{word}"]
        with Qemu(args, timeout=RUN_SECONDS) as vm:
            banner = vm.expect(BANNER, BANNER_SECONDS)
            report(banner is not None, "banner",
                   f"no banner within {BANNER_SECONDS}s; output:\n{vm.output}")
            if not banner:
                return set()
            print(f"# wireboot.efi: banner {vm.elapsed():.1f}s after QEMU started",
                  flush=True)
            ok = enter_shell(vm) and run(vm, f"echo {word}",
                                         rf"^{word}\r?$") is not None
            report(ok, "shell", vm.output)
            if not ok:
                return set()

            ok = run(vm, "show platform", r"^builtin/platform:string = efi\r?$")
            ok = ok and run(vm, "echo ${buildarch}", r"^x86_64\r?$")
            report(ok is not None, "platform-efi", vm.output)

            listed = help_commands(vm)
            if bios_list is None:
                report(False, "help-lists-bios-commands",
                       "could not read the BIOS build's command list")
            else:
                lacking = sorted(bios_list - (listed or set()))
                report(listed is not None and not lacking and len(listed) > 20,
                       "help-lists-bios-commands",
                       f"missing on EFI: {lacking}\nEFI lists: {sorted(listed or [])}")

            # Left arrow, then Up (history): OVMF's terminal turns the
            # escape sequences into scan codes, we turn them back.
            vm.send(f"echo key-{word}-ac{LEFT}b\r")
            typed = vm.expect(rf"^key-{word}-abc\r?$", 15) is not None
            vm.expect(SHELL_PROMPT, 5)
            vm.send(f"{UP}\r")
            again = vm.expect(rf"^key-{word}-abc\r?$", 15) is not None
            report(typed and again, "conin-escape-keys", vm.output)

            ok = run(vm, "echo ${uuid} ${serial} ${manufacturer}",
                     rf"^{uuid} S{word} Maker{word}\r?$")
            report(ok is not None, "smbios", vm.output)

            ok = run(vm, "memmap", r"^  [0-9a-f]{16}-[0-9a-f]{16} free\r?$")
            report(ok is not None, "memmap", vm.output)

            vm.expect(SHELL_PROMPT, 5)
            vm.send("echo tick ; sleep 3 ; echo tock\r")
            ok = vm.expect(r"^tick\r?$", 10) is not None
            start = time.monotonic()
            ok = ok and vm.expect(r"^tock\r?$", 15) is not None
            took = time.monotonic() - start
            print(f"# sleep 3 took {took:.2f}s of host time", flush=True)
            report(ok and 2.7 <= took <= 4.5, "timer-sleep",
                   f"sleep 3 took {took:.2f}s\n{vm.output}")

            # A menu: cursor moves, clearing and reverse video go through
            # ConOut's own calls; Down arrives as a scan code.
            vm.expect(SHELL_PROMPT, 5)
            vm.send("menu Pick ; item a Alpha-" + word + " ; item b Beta-" + word +
                    " ; choose x && echo chose-${x}\r")
            shown = vm.expect(rf"Beta-{word}", 15) is not None
            vm.send("\x1b[B")
            time.sleep(1)
            vm.send("\r")
            chosen = vm.expect(r"chose-b\r?$", 15) is not None
            report(shown and chosen, "menu", vm.output)

            vm.send("poweroff\r")
            status = vm.wait(20)
            report(status == 0, "poweroff", f"status {status}; output:\n{vm.output}")
            return listed or set()


def embed_test():
    """make bin-x86_64-efi/wireboot.efi EMBED=script (in a private build
    directory) runs the script."""
    word = token()
    with tempfile.TemporaryDirectory(prefix="wireboot-efi-embed-") as tmp:
        script = os.path.join(tmp, "embed.ipxe")
        with open(script, "w") as f:
            f.write(f"#!ipxe\necho embedded-{word}\npoweroff\n")
        out = os.path.join(tmp, "bin")
        app = os.path.join(out, "wireboot.efi")
        build = subprocess.run(["make", "-s", "-j2", f"BUILD={tmp}/build",
                                f"EFI_BIN={out}", f"EMBED={script}", app],
                               cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, timeout=600)
        if build.returncode != 0 or not os.path.exists(app):
            report(False, "embed", build.stdout)
            return
        with Qemu(esp_args(tmp, app) + ["-net", "none"], timeout=RUN_SECONDS) as vm:
            ran = vm.expect(rf"^embedded-{word}\r?$", BANNER_SECONDS) is not None
            status = vm.wait(20)
            report(ran and status == 0, "embed",
                   f"status {status}; output:\n{vm.output}")


def read_pcap(path):
    """The frames of a pcap file (little-endian, as QEMU writes them)."""
    frames = []
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return frames
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        frames.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return frames


def dhcp_client_options(frame):
    """The options of a BOOTP request (to port 67) in FRAME, or None."""
    if len(frame) < 14 + 20 + 8 + 240 or frame[12:14] != b"\x08\x00" or frame[23] != 17:
        return None
    udp = 14 + (frame[14] & 15) * 4
    if struct.unpack_from(">H", frame, udp + 2)[0] != 67:
        return None
    bootp = frame[udp + 8:]
    if bootp[236:240] != b"\x63\x82\x53\x63":
        return None
    options, i = {}, 240
    while i + 1 < len(bootp) and bootp[i] != 255:
        if bootp[i] == 0:
            i += 1
            continue
        length = bootp[i + 1]
        options[bootp[i]] = bootp[i + 2:i + 2 + length]
        i += 2 + length
    return options


def arch_options_ok(pcap):
    """Did a request from wireboot (user class "iPXE") say x64 UEFI?"""
    ours = [o for o in map(dhcp_client_options, read_pcap(pcap))
            if o is not None and o.get(77) == b"iPXE"]
    return bool(ours) and all(
        o.get(93) == b"\x00\x07" and o.get(94) == b"\x01\x03\x0a" and
        o.get(60) == b"PXEClient:Arch:00007:UNDI:003010" for o in ours), ours


def network_test(has_dhcp):
    """wireboot.efi drives both virtio NICs through OVMF's SNP; dhcp on
    net0; exit gives them back to the firmware."""
    mac0, mac1 = random_mac(), random_mac()
    with tempfile.TemporaryDirectory(prefix="wireboot-efi-net-") as tmp:
        pcap = os.path.join(tmp, "net0.pcap")
        args = esp_args(tmp, os.path.join(EFI_BIN, "wireboot.efi")) + [
            "-netdev", "user,id=n0", "-device",
            f"virtio-net-pci,netdev=n0,romfile=,mac={mac0}",
            "-object", f"filter-dump,id=f0,netdev=n0,file={pcap}",
            "-netdev", "user,id=n1", "-device",
            f"virtio-net-pci,netdev=n1,romfile=,mac={mac1}"]
        with Qemu(args, timeout=RUN_SECONDS) as vm:
            if not enter_shell(vm):
                report(False, "snp-ifstat", vm.output)
                return
            vm.send("ifstat\r")
            ok = (vm.expect(rf"^net0: {mac0} using snp on PCI", 15) and
                  vm.expect(rf"^net1: {mac1} using snp on PCI", 15))
            report(bool(ok), "snp-ifstat", vm.output)
            if not has_dhcp:
                skip("snp-dhcp", "no dhcp command in this build")
                skip("dhcp-arch-options", "no dhcp command in this build")
            else:
                start = time.monotonic()
                ok = run(vm, "dhcp net0", r"^DHCP \(net0 .*ok\r?$", 30)
                took = time.monotonic() - start
                ok = ok and run(vm, "echo ${net0/ip}", r"^10\.0\.2\.15\r?$")
                print(f"# dhcp over SNP took {took:.2f}s", flush=True)
                report(ok is not None, "snp-dhcp", vm.output)
            # "exit 3" returns EFI_ABORTED to the boot manager, with the
            # NICs handed back: the next boot option, OVMF's EFI shell,
            # sees both through the firmware's own network stack again.
            vm.send("exit 3\r")
            ok = (vm.expect(r"BdsDxe: failed to start .*: Aborted", 20) and
                  vm.expect(r"startup\.nsh", 60))
            if ok:
                vm.send("\r")
                ok = vm.expect(r"Shell> ", 30)
            if ok:
                vm.send("ifconfig -l\r")
                ok = (vm.expect(r"name\s*: eth0", 30) and
                      vm.expect(r"name\s*: eth1", 30))
            report(bool(ok), "exit-hands-nics-back", vm.output)
        if has_dhcp:
            good, ours = arch_options_ok(pcap)
            report(good, "dhcp-arch-options", f"our requests: {ours}")


def snponly_test(has_dhcp):
    """OVMF's PXE client loads snponly.efi over TFTP (slirp); it drives only
    the NIC it was loaded from and gets its own lease on it."""
    boot_mac, other_mac = random_mac(), random_mac()
    with tempfile.TemporaryDirectory(prefix="wireboot-efi-pxe-") as tmp:
        tftp = os.path.join(tmp, "tftp")
        os.mkdir(tftp)
        shutil.copy(os.path.join(EFI_BIN, "snponly.efi"), tftp)
        with open(os.path.join(tftp, "blob.bin"), "wb") as f:
            f.write(os.urandom(BLOB_SIZE))
        args = ovmf_args(tmp) + [
            "-netdev", "user,id=n1", "-device",
            f"virtio-net-pci,netdev=n1,romfile=,mac={other_mac}",
            "-netdev", f"user,id=n0,tftp={tftp},bootfile=snponly.efi",
            "-device", f"virtio-net-pci,netdev=n0,romfile=,mac={boot_mac},bootindex=0"]
        with Qemu(args, timeout=RUN_SECONDS) as vm:
            banner = vm.expect(BANNER, BANNER_SECONDS + 30)
            report(banner is not None, "snponly-pxe-banner", vm.output)
            if not banner:
                return
            print(f"# snponly.efi over OVMF PXE: banner {vm.elapsed():.1f}s after "
                  "QEMU started", flush=True)
            if not enter_shell(vm):
                report(False, "snponly-one-nic", vm.output)
                return
            vm.send("ifstat\r")
            listing = vm.expect(r"^net0: (\S+) using snp [\s\S]*?wireboot> ", 15)
            ok = (listing is not None and listing.group(1).decode() == boot_mac
                  and b"net1:" not in listing.group(0))
            report(ok, "snponly-one-nic", vm.output)
            if not has_dhcp:
                skip("snponly-dhcp", "no dhcp command in this build")
            else:
                ok = run(vm, "dhcp", r"^DHCP \(net0 .*ok\r?$", 30)
                ok = ok and run(vm, "echo ${net0/ip}", r"^10\.0\.2\.15\r?$")
                report(ok is not None, "snponly-dhcp", vm.output)
                # A download over the NIC the firmware's PXE client used
                # (its network stack is still bound there).
                start = time.monotonic()
                ok = ok and run(vm, "imgfetch tftp://10.0.2.2/blob.bin && imgstat",
                                rf"^blob\.bin : {BLOB_SIZE} bytes", 60)
                print(f"# snponly: {BLOB_SIZE} bytes by TFTP in "
                      f"{time.monotonic() - start:.2f}s", flush=True)
                report(ok is not None, "snponly-tftp", vm.output)
            vm.send("poweroff\r")
            status = vm.wait(20)
            report(status == 0, "snponly-poweroff", f"status {status}\n{vm.output}")


def main():
    pe_test()
    why = missing_tools()
    if why:
        for name in ("banner", "shell", "embed", "snp-ifstat", "snponly-pxe-banner"):
            skip(name, why)
        return TAP.exit_code()
    for name in ("wireboot.efi", "snponly.efi"):
        if not os.path.exists(os.path.join(EFI_BIN, name)):
            report(False, "images-built", f"{name} is not built")
            return 1
    bios_list = bios_commands()
    has_dhcp = "dhcp" in shell_test(bios_list)
    network_test(has_dhcp)
    snponly_test(has_dhcp)
    embed_test()
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
