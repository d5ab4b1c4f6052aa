#!/usr/bin/env python3
"""PCI expansion ROMs (bin/*.rom) under SeaBIOS (QEMU, TCG):
T8a a linter checks every ROM: 55AA header, size and checksum, PCIR
(alignment, fields, VID/DID matching its file name, with 8086100e.rom and
1af41000.rom matching QEMU's e1000 and virtio-net), $PnP header (alignment,
checksum, product "wireboot", manufacturer, a BEV inside the image), and
every one-NIC ROM fits a 64 KiB flash.
T8b SeaBIOS runs the ROM's init ("Running option rom at ...:0003") and its
BEV ("Booting from seg:<bev>"), the boot menu lists the product string,
wireboot starts and reaches the shell with Ctrl-B, and "exit" returns to
the BIOS, which boots the next device (a disk whose boot sector prints to
COM1).
T8c two NICs carry the ROM: the second init finds the first one's PMM
blocks instead of claiming new ones, both BEVs run and fall through; a ROM
with a corrupted checksum is refused by SeaBIOS; one with a damaged payload
says so at the BEV and the BIOS boots the next device.  Without PMM the ROM
stays whole (checksum fixed after init) and unpacks into base memory.
Without a PnP BIOS (a boot sector loads the ROM into RAM and calls its init
with no $PnP header, as an old BIOS would), the ROM hooks INT 19h: the
bootstrap starts wireboot, and "exit" goes on to the BIOS's own bootstrap.
T8d Ctrl-B during POST: init prints "wireboot <version> (PCI bb:dd.f):
press Ctrl-B for the wireboot shell" on the screen and COM1 and polls the
keyboard and COM1 for 2 seconds; Ctrl-B there (typed on the serial console,
or sent to the PS/2 keyboard with QEMU's sendkey) makes the BEV open the
shell at once, without wireboot's own prompt and without autobooting, and
"exit" still reaches the next boot device; without it wireboot offers its
own prompt and autoboots.
T8e util/romfinal.py --max-size refuses a ROM over the budget, saying by
how much, and writes nothing; within the budget it writes the ROM.
T8f each virtio-net ROM boots on the devices its ID stands for, which it
drives through the one register layout it holds: 1af41000.rom on a legacy
(disable-modern=on) and on a transitional virtio-net-pci, through the
legacy registers (VIRTIO_F_VERSION_1 not taken), 1af41041.rom on a modern
one (disable-legacy=on), through the modern ones; Ctrl-B at POST, then
"dhcp" gets QEMU's address, and QEMU's monitor shows DRIVER_OK with
mergeable buffers taken.
Prints TAP lines "ok - rom/...".
"""
import glob
import os
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
from qemu import Qemu, available  # noqa: E402
from markerdisk import PRINT_AND_HALT, marker_disk  # noqa: E402

BIN = os.environ.get("WIREBOOT_BIN", os.path.join(ROOT, "bin"))
QEMU_IDS = {"8086100e": (0x8086, 0x100E), "1af41000": (0x1AF4, 0x1000)}
BANNER = r"wireboot \S+ \(pcbios\)"
PROMPT = "Press Ctrl-B for the wireboot shell"
MARKER = "NEXT BOOT DEVICE REACHED"
POST_LINE = (r"wireboot (?:\S+ )?\(PCI 00:05\.0\): "
             r"press Ctrl-B for the wireboot shell")

TAP = Tap("rom", last_lines=30)
report = TAP.report
skip = TAP.skip


def cstring(rom, offset):
    end = rom.index(b"\0", offset)
    return rom[offset:end].decode("ascii", "replace")


def lint(rom):
    """Problems found in ROM (bytes): a list of strings, empty if none."""
    bad = []
    if rom[0:2] != b"\x55\xaa":
        return ["no 55AA signature"]
    if rom[2] * 512 != len(rom):
        bad.append(f"size byte {rom[2]} x 512 != file length {len(rom)}")
    if sum(rom) & 0xff:
        bad.append("image checksum is not 0")
    if rom[3] not in (0xe9, 0xeb):
        bad.append("no jump to the init entry at offset 3")
    pcir = struct.unpack_from("<H", rom, 0x18)[0]
    if pcir % 4 or rom[pcir:pcir + 4] != b"PCIR":
        bad.append(f"PCIR missing or unaligned at {pcir:#x}")
        return bad
    (_, _, _, _, length, revision, prog_if, sub, base, blocks, _,
     code_type, indicator, runtime) = struct.unpack_from(
         "<4sHHHHBBBBHHBBH", rom, pcir)
    if length != 0x1c or revision != 3:
        bad.append(f"PCIR length {length:#x} revision {revision}")
    if (base, sub, prog_if) != (2, 0, 0):
        bad.append("PCIR class is not Ethernet 020000")
    if blocks * 512 != len(rom) or runtime * 512 != len(rom):
        bad.append(f"PCIR image length {blocks} / runtime {runtime} blocks")
    if code_type != 0 or not indicator & 0x80:
        bad.append(f"PCIR code type {code_type}, indicator {indicator:#x}")
    pnp = struct.unpack_from("<H", rom, 0x1a)[0]
    if pnp % 16 or rom[pnp:pnp + 4] != b"$PnP":
        bad.append(f"$PnP missing or unaligned at {pnp:#x}")
        return bad
    rev, plen = rom[pnp + 4], rom[pnp + 5]
    if rev != 1 or plen != 2:
        bad.append(f"$PnP revision {rev} length {plen}")
    if sum(rom[pnp:pnp + plen * 16]) & 0xff:
        bad.append("$PnP checksum is not 0")
    mfg, prod = struct.unpack_from("<HH", rom, pnp + 0x0e)
    if not mfg or not cstring(rom, mfg):
        bad.append("no manufacturer string")
    if not prod or cstring(rom, prod) != "wireboot":
        bad.append("product string is not 'wireboot'")
    if rom[pnp + 0x12:pnp + 0x15] != b"\x02\x00\x00":
        bad.append("$PnP device type is not network/Ethernet")
    bcv, bev = struct.unpack_from("<H", rom, pnp + 0x16)[0], \
        struct.unpack_from("<H", rom, pnp + 0x1a)[0]
    if bcv or not 0 < bev < len(rom):
        bad.append(f"BCV {bcv:#x}, BEV {bev:#x}")
    return bad


def pci_ids(rom):
    pcir = struct.unpack_from("<H", rom, 0x18)[0]
    return struct.unpack_from("<HH", rom, pcir + 4)


def bev_offset(rom):
    pnp = struct.unpack_from("<H", rom, 0x1a)[0]
    return struct.unpack_from("<H", rom, pnp + 0x1a)[0]


# The flash every NIC's option ROM must fit (ROM_MAX_SIZE in
# arch/x86/media.mk; the all-driver ROM is not held to it).
FLASH = 65536


def test_lint():
    roms = sorted(glob.glob(os.path.join(BIN, "*.rom")))
    names = [os.path.basename(r)[:-4] for r in roms]
    for want in ("wireboot",) + tuple(QEMU_IDS):
        report(want in names, f"built_{want}", f"bin/{want}.rom missing")
    for path in roms:
        name = os.path.basename(path)[:-4]
        with open(path, "rb") as f:
            rom = f.read()
        problems = lint(rom)
        one_nic = re.fullmatch(r"[0-9a-f]{8}", name)
        if one_nic:
            ids = (int(name[:4], 16), int(name[4:], 16))
            if pci_ids(rom) != ids:
                problems.append(f"PCIR IDs {pci_ids(rom)} != {ids}")
            if name in QEMU_IDS and ids != QEMU_IDS[name]:
                problems.append("does not match the QEMU NIC")
        report(not problems, f"lint_{name}", "\n".join(problems) +
               f"\n({len(rom)} bytes)")
        # A NIC's flash holds 64 KiB (bin/wireboot.rom carries every
        # driver and is not for flashing).
        if one_nic:
            report(len(rom) <= FLASH, f"fits_64k_flash_{name}",
                   f"{len(rom)} bytes, {len(rom) - FLASH} over {FLASH}")
    # The linter itself must catch damage.
    path = os.path.join(BIN, "8086100e.rom")
    if os.path.exists(path):
        with open(path, "rb") as f:
            rom = bytearray(f.read())
        rom[-1] ^= 0x40
        report(any("checksum" in p for p in lint(bytes(rom))),
               "lint_catches_bad_checksum")


def debugcon(log):
    return ["-chardev", f"file,path={log},id=seadbg",
            "-device", "isa-debugcon,iobase=0x402,chardev=seadbg"]


def read(path):
    try:
        with open(path, "r", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def test_boot(tmp, disk):
    """T8b: init, BEV, boot menu, shell, exit falls through to the disk."""
    path = os.path.join(BIN, "8086100e.rom")
    with open(path, "rb") as f:
        rom = f.read()
    log = os.path.join(tmp, "sea-boot.log")
    args = ["-netdev", "user,id=n0",
            "-device", f"e1000,netdev=n0,romfile={path},bootindex=1",
            "-drive", f"file={disk},format=raw,if=none,id=d0",
            "-device", "ide-hd,drive=d0,bootindex=2",
            "-boot", "menu=on,splash-time=4000"] + debugcon(log)
    with Qemu(args, timeout=60, memory="512M", monitor=True) as vm:
        for _ in range(100):
            if "Press ESC for boot menu" in read(log):
                break
            time.sleep(0.1)
        vm.sendkeys(["esc"])
        menu = None
        for _ in range(50):
            menu = re.search(r"^(\d+)\. (wireboot.*)$", read(log), re.M)
            if menu:
                break
            time.sleep(0.1)
        report(menu is not None, "boot_menu_lists_product", read(log))
        if menu:
            vm.sendkeys([menu.group(1)])
        sea = read(log)
        ran = re.search(r"Running option rom at ([0-9a-f]{4}):0003", sea)
        report(ran is not None, "init_runs", sea)
        banner = vm.expect(BANNER, 20)
        sea = read(log)
        bev = re.search(r"Booting from ([0-9a-f]{4}):([0-9a-f]{4})", sea)
        report(bev is not None and int(bev.group(2), 16) == bev_offset(rom),
               "bev_runs", sea)
        report(banner is not None, "wireboot_starts", vm.output)
        shell = vm.expect(PROMPT, 10) is not None
        vm.send("\x02")
        shell = shell and vm.expect("wireboot> ", 10) is not None
        report(shell, "ctrl_b_opens_shell", vm.output)
        vm.send("exit\r")
        back = vm.expect(MARKER, 20) is not None
        report(back, "exit_falls_through_to_next_device",
               vm.output + read(log))


def test_two_nics(tmp, disk):
    """T8c: a second copy of the ROM reuses the PMM blocks; both BEVs return."""
    path = os.path.join(BIN, "8086100e.rom")
    log = os.path.join(tmp, "sea-two.log")
    args = ["-netdev", "user,id=n0", "-netdev", "user,id=n1",
            "-device", f"e1000,netdev=n0,romfile={path},bootindex=1",
            "-device", f"e1000,netdev=n1,romfile={path},bootindex=2",
            "-drive", f"file={disk},format=raw,if=none,id=d0",
            "-device", "ide-hd,drive=d0,bootindex=3"] + debugcon(log)
    with Qemu(args, timeout=90, memory="512M") as vm:
        for _ in range(2):
            if vm.expect(PROMPT, 30):
                vm.send("\x02")
                if vm.expect("wireboot> ", 10):
                    vm.send("exit\r")
        back = vm.expect(MARKER, 30) is not None
    sea = read(log)
    # SeaBIOS logs each PMM call: "pmm call arg1=0" allocates, 1 finds.
    nic_roms = sea.split("Scan for option roms")[-1]
    inits = re.split(r"Running option rom at [0-9a-f]{4}:0003", nic_roms)
    ours = [part for part in inits[1:] if "pmm call" in part]
    allocs = [part.count("pmm call arg1=0") for part in ours]
    report(len(allocs) >= 2 and allocs[0] > 0 and allocs[1] == 0,
           "second_rom_no_double_pmm_claim", f"allocations per init: {allocs}\n{sea}")
    bevs = re.findall(r"Booting from ([0-9a-f]{4}):([0-9a-f]{4})", sea)
    report(len(bevs) >= 3 and bevs[0][0] != bevs[1][0] and back,
           "both_bevs_run_and_fall_through", sea + vm.output)


def test_bad_checksum(tmp):
    """T8c: SeaBIOS refuses a ROM whose checksum is wrong."""
    with open(os.path.join(BIN, "8086100e.rom"), "rb") as f:
        rom = bytearray(f.read())
    rom[6] ^= 0x01
    path = os.path.join(tmp, "bad.rom")
    with open(path, "wb") as f:
        f.write(rom)
    log = os.path.join(tmp, "sea-bad.log")
    args = ["-netdev", "user,id=n0",
            "-device", f"e1000,netdev=n0,romfile={path}"] + debugcon(log)
    with Qemu(args, timeout=30, memory="512M") as vm:
        for _ in range(100):
            if "Scan for option roms" in read(log) and \
               "bootorder" in read(log).split("Scan for option roms")[-1]:
                break
            time.sleep(0.1)
        started = vm.expect(BANNER, 3) is not None
    sea = read(log)
    report("bad checksum" in sea and not started, "bad_checksum_refused", sea)


def test_no_pmm(tmp):
    """Without PMM (the ROM's "$PMM" search patched to look for "$PMX"),
    init keeps the whole ROM, fixes its checksum, and the BEV unpacks into
    base memory."""
    sys.path.insert(0, os.path.join(ROOT, "util"))
    import romfinal
    with open(os.path.join(BIN, "8086100e.rom"), "rb") as f:
        rom = bytearray(f.read())
    at = rom.find(b"$PMM")
    rom[at + 3] = ord("X")
    path = os.path.join(tmp, "nopmm.rom")
    with open(path, "wb") as f:
        f.write(romfinal.finish(bytes(rom), 0x8086, 0x100E))
    log = os.path.join(tmp, "sea-nopmm.log")
    args = ["-netdev", "user,id=n0",
            "-device", f"e1000,netdev=n0,romfile={path}",
            "-boot", "n"] + debugcon(log)
    with Qemu(args, timeout=60, memory="512M") as vm:
        started = vm.expect(PROMPT, 30) is not None
    sea = read(log)
    nic_roms = sea.split("Scan for option roms")[-1]
    report(started and "pmm call" not in nic_roms and
           "bad checksum" not in sea, "no_pmm_base_memory_fallback",
           sea + vm.output)


def test_corrupt_payload(tmp, disk):
    """T8c: a ROM whose payload is damaged says so at the BEV and lets the
    BIOS boot the next device."""
    sys.path.insert(0, os.path.join(ROOT, "util"))
    import romfinal
    with open(os.path.join(BIN, "8086100e.rom"), "rb") as f:
        rom = bytearray(f.read())
    # The payload's header (src/include/wireboot/cm_stream.h), 16-byte
    # aligned: the payload's size (that of the build's payload.bin), its
    # hash, and the decoder's work memory (1 - 64 MiB); damage a coded
    # byte well after it.
    payload = os.path.join(ROOT, "build", "pcbios", "rom-8086100e", "payload.bin")
    want = os.path.getsize(payload) if os.path.exists(payload) else -1
    at = -1
    for off in range(0, len(rom) - 12, 16):
        size, _, work = struct.unpack_from("<III", rom, off)
        if size == want and 1 << 20 < work < 1 << 26:
            at = off
            break
    if at > 0:
        rom[at + 1000] ^= 0x01
    path = os.path.join(tmp, "corrupt.rom")
    with open(path, "wb") as f:
        f.write(romfinal.finish(bytes(rom), 0x8086, 0x100E))
    args = ["-netdev", "user,id=n0",
            "-device", f"e1000,netdev=n0,romfile={path},bootindex=1",
            "-drive", f"file={disk},format=raw,if=none,id=d0",
            "-device", "ide-hd,drive=d0,bootindex=2"]
    with Qemu(args, timeout=60, memory="512M") as vm:
        said = vm.expect("wireboot: ROM payload is corrupt", 30) is not None
        back = vm.expect(MARKER, 20) is not None
        started = re.search(BANNER, vm.output) is not None
    report(at > 0 and said and back and not started,
           "corrupt_payload_refused", vm.output)


def post_ctrl_b(tmp, disk, how):
    """T8d: Ctrl-B at the POST line (HOW: "serial", "keyboard" or None)
    opens the shell at once; without it wireboot autoboots."""
    path = os.path.join(BIN, "8086100e.rom")
    args = ["-netdev", "user,id=n0",
            "-device", f"e1000,netdev=n0,romfile={path},bootindex=1,addr=05",
            "-drive", f"file={disk},format=raw,if=none,id=d0",
            "-device", "ide-hd,drive=d0,bootindex=2"]
    name = f"post_ctrl_b_{how}" if how else "post_no_key_autoboots"
    with Qemu(args, timeout=90, memory="512M", monitor=True) as vm:
        post = vm.expect(POST_LINE, 30) is not None
        if how == "serial":
            vm.send("\x02")
        elif how == "keyboard":
            vm.sendkeys(["ctrl-b"])
        if not how:
            # wireboot's own prompt, then autoboot (DHCP from QEMU, nothing
            # to boot), then back to the BIOS.
            ok = (vm.expect(BANNER, 30) is not None and
                  vm.expect(PROMPT, 10) is not None and
                  vm.expect(r"DHCP \(net0", 20) is not None and
                  vm.expect(MARKER, 60) is not None)
            report(post and ok, name, vm.output)
            return
        shell = vm.expect(BANNER, 30) is not None and \
            vm.expect("wireboot> ", 10) is not None
        # Straight to the shell: neither the start prompt nor autoboot.
        straight = PROMPT not in vm.output and "DHCP" not in vm.output
        report(post and shell and straight, name, vm.output)
        if how == "serial":
            vm.send("exit\r")
            report(vm.expect(MARKER, 20) is not None,
                   "post_ctrl_b_exit_falls_through", vm.output)


# T8f: (case, ROM, QEMU device, whether the modern interface is in use).
VIRTIO_CASES = (
    ("legacy", "1af41000", "virtio-net-pci,disable-modern=on", False),
    ("transitional", "1af41000", "virtio-net-pci", False),
    ("modern", "1af41041", "virtio-net-pci,disable-legacy=on", True),
)


def virtio_rom(case, rom_id, device, modern):
    """T8f: a virtio-net ROM gets an address through the register layout
    its device ID needs."""
    path = os.path.join(BIN, f"{rom_id}.rom")
    args = ["-netdev", "user,id=n0",
            "-device", f"{device},netdev=n0,romfile={path},bootindex=1,"
            "addr=05,id=nic0"]
    name = f"virtio_rom_{case}"
    with Qemu(args, timeout=90, memory="512M", monitor=True) as vm:
        post = vm.expect(POST_LINE, 30) is not None
        vm.send("\x02")
        shell = vm.expect("wireboot> ", 30) is not None
        vm.send("dhcp net0 && echo DHCP-OK ${net0/ip}\r")
        dhcp = vm.expect(r"DHCP-OK 10\.0\.2\.15", 30) is not None
        report(post and shell and dhcp, f"{name}_dhcp", vm.output)
        status = vm.monitor(
            "info virtio-status /machine/peripheral/nic0/virtio-backend")
        guest = status.split("Guest features:", 1)[-1]
        guest = guest.split("Host features:", 1)[0]
        report("VIRTIO_CONFIG_S_DRIVER_OK" in status and
               "VIRTIO_NET_F_MRG_RXBUF:" in guest and
               ("VIRTIO_F_VERSION_1:" in guest) == modern,
               f"{name}_uses_{'modern' if modern else 'legacy'}",
               status)


# A boot disk that plays a BIOS without PnP support: its boot sector loads
# the ROM image stored after it into RAM at 2000:0, far-calls its init entry
# with AX = the NIC's PCI bus:dev.fn (from the PCI BIOS) and ES:DI at no
# "$PnP" header, then starts the bootstrap (INT 19h), which the ROM has
# hooked.  When the bootstrap loads this sector again (the ROM fell
# through to the BIOS's own INT 19h), a mark left in the inter-application
# area (0:4F0) makes it print MARKER instead.
NON_PNP_LOADER = """	bits 16
	org 0x7c00
	xor ax, ax
	mov ds, ax
	mov ss, ax
	mov sp, 0x7c00
	mov si, marker
	cmp dword [0x4f0], 'WB19'
	je print_stop
	mov dword [0x4f0], 'WB19'
	mov si, dap
	mov ah, 0x42
	int 0x13
	jc fail
	mov word [dap + 6], 0x2800
	mov dword [dap + 8], 65
	mov si, dap
	mov ah, 0x42
	int 0x13
	jc fail
	mov ax, 0xb102
	mov cx, {device:#x}
	mov dx, {vendor:#x}
	xor si, si
	int 0x1a
	jc fail
	mov ax, bx
	xor di, di
	mov es, di
	call 0x2000:0x0003
	int 0x19
fail:	mov si, failed
""" + PRINT_AND_HALT + """dap:	db 16, 0
	dw 64, 0, 0x2000
	dd 1, 0
marker:	db "{marker}", 13, 10, 0
failed:	db "LOADER FAILED", 13, 10, 0
	times 510 - ($ - $$) db 0
	dw 0xaa55
"""


def test_non_pnp(tmp):
    """Without a PnP BIOS (init called with no $PnP header), the ROM hooks
    INT 19h: the bootstrap starts wireboot, and leaving it (exit from the
    shell) goes on to the BIOS's own bootstrap."""
    src = os.path.join(tmp, "nonpnp.asm")
    disk = os.path.join(tmp, "nonpnp.img")
    vendor, device = QEMU_IDS["8086100e"]
    with open(src, "w") as f:
        f.write(NON_PNP_LOADER.format(marker=MARKER, vendor=vendor,
                                      device=device))
    subprocess.run(["nasm", "-f", "bin", "-o", disk, src], check=True)
    with open(os.path.join(BIN, "8086100e.rom"), "rb") as f:
        rom = f.read()
    with open(disk, "r+b") as f:
        f.seek(512)
        f.write(rom)
        f.truncate(1 << 20)
    args = ["-netdev", "user,id=n0", "-device", "e1000,netdev=n0,romfile=",
            "-drive", f"file={disk},format=raw,if=ide", "-boot", "c"]
    with Qemu(args, timeout=60, memory="512M") as vm:
        started = (vm.expect(BANNER, 30) is not None and
                   vm.expect(PROMPT, 10) is not None)
        report(started, "non_pnp_int19_starts_wireboot", vm.output)
        vm.send("\x02")
        shell = started and vm.expect("wireboot> ", 10) is not None
        vm.send("exit\r")
        back = shell and vm.expect(MARKER, 20) is not None
        report(back, "non_pnp_exit_reaches_bios_bootstrap", vm.output)


def romfinal(*args):
    """Run util/romfinal.py with ARGS; its CompletedProcess."""
    return subprocess.run([sys.executable, os.path.join(ROOT, "util",
                                                         "romfinal.py")] +
                          list(args), capture_output=True, text=True,
                          timeout=30)


def test_budget(tmp):
    """T8e: romfinal.py --max-size refuses an image over the budget, and
    writes one within it.  The image is bin/8086100e.rom grown to 66,000
    bytes (66,048 once padded to blocks): 512 over a 64 KiB flash."""
    with open(os.path.join(BIN, "8086100e.rom"), "rb") as f:
        rom = f.read()
    image = os.path.join(tmp, "image.bin")
    with open(image, "wb") as f:
        f.write(rom + bytes(max(0, 66000 - len(rom))))
    size = max(66048, len(rom))
    out = os.path.join(tmp, "out.rom")
    proc = romfinal("--max-size", "65536", image, out, "8086:100e")
    want = (f"{out}: {size} bytes, {size - 65536} over the 65536-byte budget "
            "(64 KiB flash); see docs/media.md for what takes space")
    report(proc.returncode != 0 and want in proc.stderr and
           not os.path.exists(out), "romfinal_refuses_over_budget",
           f"status {proc.returncode}\n{proc.stderr}\nwanted: {want}")
    proc = romfinal("--max-size", str(size), image, out, "8086:100e")
    finished = b""
    if os.path.exists(out):
        with open(out, "rb") as f:
            finished = f.read()
    report(proc.returncode == 0 and len(finished) == size and
           not lint(finished), "romfinal_within_budget", proc.stderr)


def main():
    test_lint()
    tmp = tempfile.mkdtemp(prefix="wireboot-rom-")
    try:
        test_budget(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    why = available()
    if why or not shutil.which("nasm"):
        for name in ("boot", "two_nics", "bad_checksum", "no_pmm",
                     "corrupt_payload", "post_ctrl_b", "virtio_rom",
                     "non_pnp"):
            skip(name, why or "nasm not found")
        return TAP.exit_code()
    tmp = tempfile.mkdtemp(prefix="wireboot-rom-")
    try:
        disk = marker_disk(tmp, MARKER)
        test_boot(tmp, disk)
        test_two_nics(tmp, disk)
        test_bad_checksum(tmp)
        test_no_pmm(tmp)
        test_non_pnp(tmp)
        test_corrupt_payload(tmp, disk)
        for how in ("serial", "keyboard", None):
            post_ctrl_b(tmp, disk, how)
        for case in VIRTIO_CASES:
            virtio_rom(*case)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
