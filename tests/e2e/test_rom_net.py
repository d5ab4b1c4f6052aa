#!/usr/bin/env python3
"""Option ROM and several NICs on real networks (QEMU, SeaBIOS, TCG): the
VM's NICs are taps in a private network namespace, where dnsmasq hands out
addresses and nginx serves files (logging client, status and bytes sent).

T9a bin/8086100e.rom is the boot ROM of an e1000 on a tap (-device
e1000,romfile=...,bootindex=0) and nothing is typed: SeaBIOS runs its BEV,
wireboot autoboots, gets an address from dnsmasq, whose boot file is the
URL of a PXE NBP on nginx: a little code and 256 KiB of random data.  The
ROM profile has no sha256sum, so the NBP checks the download itself: it
hashes its data in memory (h = h * 31 + byte, mod 2^32) and prints the
hash on COM1, which must match the file's.  nginx must have sent the whole
file (200, every byte) to an address from dnsmasq's range.

T9b three NICs of different models in one VM running bin/wireboot.lkrn (all
drivers): an e1000, a virtio-net-pci and an rtl8139, each on its own tap
and subnet.  ifstat shows net0, net1 and net2 with their drivers; each gets
an address from dnsmasq on its own subnet; from each network's server
address wireboot downloads a different 1 MiB file whose sha256sum matches,
nginx saw each request come from that NIC's address, and every NIC's RX
count grew during its own download.

T9c bin/wireboot.rom (every driver, the e1000's IDs) as the e1000's boot
ROM, with a virtio-net-pci and an rtl8139 beside it: Ctrl-B at the POST
prompt opens the shell, ifstat lists all three with their drivers, and the
virtio-net and rtl8139 NICs each get an address from dnsmasq.

Prints TAP lines "ok - romnet/..."; needs root, /dev/net/tun, QEMU, nasm,
dnsmasq and nginx, and skips otherwise.
"""
import hashlib
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
import qemu  # noqa: E402
from netns import Namespace, run  # noqa: E402

BIN = os.environ.get("WIREBOOT_BIN", os.path.join(ROOT, "bin"))
ROM = os.path.join(BIN, "8086100e.rom")
ALL_ROM = os.path.join(BIN, "wireboot.rom")
LKRN = os.path.join(BIN, "wireboot.lkrn")
PROMPT = "wireboot> "
NBP_DATA = 256 << 10
BLOB = 1 << 20

# The ROM's network, and the three networks of T9b: (tap, subnet prefix).
ROM_NET = ("wbrom0", "192.168.80")
NETS = [("wbnic0", "192.168.81", "e1000", "e1000"),
        ("wbnic1", "192.168.82", "virtio-net-pci", "virtio-net"),
        ("wbnic2", "192.168.83", "rtl8139", "rtl8139")]

NGINX_CONF = """worker_processes 1;
error_log {tmp}/nginx-error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    log_format sent '$remote_addr $status $body_bytes_sent $request_uri';
    access_log {tmp}/access.log sent;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 80;
        root {www};
    }}
}}
"""

# A PXE NBP (loaded at 0000:7C00) that hashes the DATA_LEN bytes at "data"
# and prints "NBP-HASH xxxxxxxx" on COM1, then halts.
NBP_ASM = """
	bits	16
	org	0x7c00
	xor	ax, ax
	mov	ds, ax
	mov	esi, data
	mov	ecx, DATA_LEN
	xor	edi, edi
next:
	mov	ebx, esi
	shr	ebx, 4
	mov	es, bx
	mov	bx, si
	and	bx, 15
	movzx	eax, byte [es:bx]
	imul	edi, edi, 31
	add	edi, eax
	inc	esi
	dec	ecx
	jnz	next
	mov	si, msg
	call	puts
	mov	cx, 8
hex:
	rol	edi, 4
	mov	ax, di
	and	al, 15
	add	al, '0'
	cmp	al, '9'
	jbe	digit
	add	al, 'a' - '9' - 1
digit:
	call	putc
	loop	hex
	mov	si, crlf
	call	puts
halt:
	cli
	hlt
	jmp	halt
puts:
	lodsb
	test	al, al
	jz	done
	call	putc
	jmp	puts
done:
	ret
putc:
	push	ax
	mov	dx, 0x3fd
busy:
	in	al, dx
	test	al, 0x20
	jz	busy
	pop	ax
	mov	dx, 0x3f8
	out	dx, al
	ret
msg:	db	"NBP-HASH ", 0
crlf:	db	13, 10, 0
	align	16, db 0
data:
	incbin	DATA_FILE
"""

TAP = Tap("romnet", last_lines=40)
report = TAP.report
skip = TAP.skip


def nbp_hash(data):
    """The NBP's hash of DATA."""
    h = 0
    for byte in data:
        h = (h * 31 + byte) & 0xFFFFFFFF
    return h


def add_tap(ns, name, prefix):
    """A tap NAME in NS with PREFIX.1/24 on the namespace's side."""
    ns.run("ip", "tuntap", "add", "dev", name, "mode", "tap")
    ns.run("ip", "addr", "add", f"{prefix}.1/24", "dev", name)
    ns.run("ip", "link", "set", name, "up")


def start_servers(ns, nets, www, boot_url=None):
    """dnsmasq (DHCP only) on the taps NETS [(tap, prefix)], nginx for WWW."""
    argv = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
            "--bind-interfaces", "--dhcp-leasefile=/dev/null",
            f"--log-facility={ns.tmpdir}/dnsmasq.log", "--log-dhcp"]
    for tap, prefix in nets:
        argv += [f"--interface={tap}",
                 f"--dhcp-range={prefix}.100,{prefix}.150,1h"]
    if boot_url:
        argv.append(f"--dhcp-boot={boot_url}")
    ns.start(argv, ready_udp_port=67)
    # nginx's workers (not root) must be able to read what they serve.
    os.chmod(ns.tmpdir, 0o755)
    conf = os.path.join(ns.tmpdir, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=ns.tmpdir, www=www))
    ns.start(["nginx", "-c", conf, "-p", ns.tmpdir, "-g", "daemon off;"],
             ready_port=80)


def access_log(ns):
    """(client, status, bytes, uri) per request nginx logged."""
    try:
        with open(os.path.join(ns.tmpdir, "access.log")) as f:
            return [tuple(line.split()) for line in f if line.strip()]
    except OSError:
        return []


def make_www(ns):
    www = os.path.join(ns.tmpdir, "www")
    os.makedirs(www)
    os.chmod(www, 0o755)
    return www


def command(vm, line, timeout=10):
    """Type LINE and return what it printed up to the next prompt, or None."""
    vm.send(line + "\r")
    match = vm.expect(r"(?s)\n(.*?)" + re.escape(PROMPT), timeout)
    return match.group(1).decode("utf-8", "replace") if match else None


def test_rom_autoboot():
    """T9a: the e1000 ROM autoboots from dnsmasq + nginx through a tap."""
    tap, prefix = ROM_NET
    with Namespace("romnet") as ns:
        www = make_www(ns)
        data = os.urandom(NBP_DATA)
        with open(os.path.join(ns.tmpdir, "data.bin"), "wb") as f:
            f.write(data)
        source = os.path.join(ns.tmpdir, "check.asm")
        with open(source, "w") as f:
            f.write(NBP_ASM)
        nbp = os.path.join(www, "check.pxe")
        run("nasm", "-f", "bin", f"-DDATA_LEN={NBP_DATA}",
            f"-DDATA_FILE=\"{ns.tmpdir}/data.bin\"", "-o", nbp, source)
        os.chmod(nbp, 0o644)
        add_tap(ns, tap, prefix)
        start_servers(ns, [(tap, prefix)], www,
                      boot_url=f"http://{prefix}.1/check.pxe")
        with qemu.in_netns(ns.name, ns.tmpdir):
            vm = qemu.Qemu(["-netdev", f"tap,id=n0,ifname={tap},script=no,"
                            "downscript=no", "-device",
                            f"e1000,netdev=n0,romfile={ROM},bootindex=0"],
                           timeout=120, memory="512M")
        with vm:
            dhcp = vm.expect(r"DHCP \(net0 [0-9a-f:]+\)\.* ok", 60)
            report(dhcp is not None, "rom_dhcp_from_dnsmasq", vm.output)
            got = vm.expect(r"NBP-HASH ([0-9a-f]{8})", 60)
        want = f"{nbp_hash(data):08x}"
        report(got is not None and got.group(1).decode() == want,
               "rom_http_download_intact", f"want NBP-HASH {want}\n"
               + vm.output)
        size = os.path.getsize(nbp)
        log = access_log(ns)
        served = [entry for entry in log if entry[3] == "/check.pxe" and
                  entry[1] == "200" and entry[2] == str(size) and
                  re.fullmatch(rf"{re.escape(prefix)}\.1[0-4]\d|"
                               rf"{re.escape(prefix)}\.150", entry[0])]
        report(bool(served), "rom_nginx_sent_whole_file",
               f"{size} bytes expected; access log: {log}")


def three_nic_vm(ns, args, first_rom, timeout):
    """QEMU in NS with ARGS and the NICs of NETS on their taps, each at its
    own PCI slot and MAC; FIRST_ROM is the first NIC's romfile option."""
    args = list(args)
    for index, (tap, _, device, _) in enumerate(NETS):
        rom = first_rom if index == 0 else "romfile="
        args += ["-netdev", f"tap,id=n{index},ifname={tap},script=no,"
                 "downscript=no", "-device",
                 f"{device},netdev=n{index},{rom},addr={4 + index:02x},"
                 f"mac=52:54:00:00:00:{index + 1:02x}"]
    with qemu.in_netns(ns.name, ns.tmpdir):
        return qemu.Qemu(args, timeout=timeout, memory="512M")


def ctrl_b_to_shell(vm, offer, wait):
    """Answer the Ctrl-B OFFER (within 30 s) and wait up to WAIT s for the
    shell's prompt; False if either never came."""
    if not vm.expect(offer, 30):
        return False
    vm.send("\x02")
    return vm.expect(PROMPT, wait) is not None


def test_three_nics():
    """T9b: e1000, virtio-net and rtl8139 on three networks in one VM."""
    with Namespace("romnet3") as ns:
        www = make_www(ns)
        blobs = {}
        for index, (tap, prefix, _, _) in enumerate(NETS):
            add_tap(ns, tap, prefix)
            data = os.urandom(BLOB)
            name = f"blob{index}"
            with open(os.path.join(www, name), "wb") as f:
                f.write(data)
            os.chmod(os.path.join(www, name), 0o644)
            blobs[name] = hashlib.sha256(data).hexdigest()
        start_servers(ns, [(tap, prefix) for tap, prefix, _, _ in NETS], www)
        vm = three_nic_vm(ns, ["-kernel", LKRN], "romfile=", timeout=240)
        with vm:
            if not ctrl_b_to_shell(vm, "Press Ctrl-B", 10):
                report(False, "three_nics_boot", vm.output)
                return
            run_three_nics(vm, ns, blobs)


def test_all_driver_rom():
    """T9c: bin/wireboot.rom drives NICs of every model, not just its own."""
    with Namespace("romall") as ns:
        for tap, prefix, _, _ in NETS:
            add_tap(ns, tap, prefix)
        start_servers(ns, [(tap, prefix) for tap, prefix, _, _ in NETS],
                      make_www(ns))
        vm = three_nic_vm(ns, [], f"romfile={ALL_ROM},bootindex=0", timeout=180)
        with vm:
            if not ctrl_b_to_shell(vm, "press Ctrl-B", 60):
                report(False, "all_driver_rom_post_prompt", vm.output)
                return
            out = command(vm, "ifstat") or ""
            listed = all(re.search(rf"net{index}: 52:54:00:00:00:{index + 1:02x} "
                                   rf"using {re.escape(driver)} ", out)
                         for index, (_, _, _, driver) in enumerate(NETS))
            report(listed, "all_driver_rom_lists_three_models", out)
            for index in (1, 2):
                prefix, driver = NETS[index][1], NETS[index][3]
                out = command(vm, f"dhcp net{index} && echo IP=${{net{index}/ip}}",
                              60) or ""
                report(re.search(rf"IP={re.escape(prefix)}\.\d+", out) is not None,
                       f"all_driver_rom_dhcp_{driver}", out)


def rx_frames(vm, netdev):
    """Frames NETDEV has received so far (from ifstat), or None."""
    out = command(vm, f"ifstat {netdev}") or ""
    found = re.search(r"RX:(\d+)", out)
    return int(found.group(1)) if found else None


def run_three_nics(vm, ns, blobs):
    """The checks of T9b, in wireboot's shell."""
    out = command(vm, "ifstat") or ""
    listed = all(re.search(rf"net{index}: 52:54:00:00:00:{index + 1:02x} "
                           rf"using {re.escape(driver)} on PCI00:"
                           rf"{4 + index:02x}\.0", out)
                 for index, (_, _, _, driver) in enumerate(NETS))
    report(listed, "ifstat_lists_net0_net1_net2", out)
    addresses = []
    for index, (_, prefix, _, driver) in enumerate(NETS):
        out = command(vm, f"dhcp net{index} && echo IP=${{net{index}/ip}}",
                      60) or ""
        got = re.search(rf"IP=({re.escape(prefix)}\.(\d+))\b", out)
        ok = got is not None and 100 <= int(got.group(2)) <= 150
        addresses.append(got.group(1) if ok else None)
        report(ok, f"dhcp_net{index}_{driver}", out)
    for index, (_, prefix, _, driver) in enumerate(NETS):
        name = f"blob{index}"
        before = rx_frames(vm, f"net{index}")
        out = command(vm, f"imgfetch http://{prefix}.1/{name} && "
                      f"sha256sum {name}", 120) or ""
        after = rx_frames(vm, f"net{index}")
        report(blobs[name] in out, f"http_net{index}_{driver}_sha256", out)
        served = [entry for entry in access_log(ns)
                  if entry[3] == f"/{name}" and entry[1] == "200" and
                  entry[2] == str(BLOB)]
        report(bool(served) and addresses[index] is not None and
               served[-1][0] == addresses[index],
               f"http_net{index}_{driver}_from_its_address",
               f"address {addresses[index]}; log {access_log(ns)}")
        report(before is not None and after is not None and
               after - before >= 16, f"rx_net{index}_{driver}",
               f"RX frames before {before}, after {after}")
    out = command(vm, "ifstat") or ""
    report(out.count("[open]") == 3, "ifstat_all_open", out)


def main():
    why = qemu.available()
    if why is None and os.geteuid() != 0:
        why = "needs root"
    if why is None and not os.path.exists("/dev/net/tun"):
        why = "no /dev/net/tun"
    for tool in ("nasm", "dnsmasq", "nginx"):
        if why is None and not shutil.which(tool):
            why = f"{tool} not installed"
    if why is None and not os.path.exists(ROM):
        why = "bin/8086100e.rom not built"
    for path in (LKRN, ALL_ROM):
        if why is None and not os.path.exists(path):
            why = f"bin/{os.path.basename(path)} not built"
    if why:
        skip("rom_autoboot", why)
        skip("three_nics", why)
        skip("all_driver_rom", why)
        return TAP.exit_code()
    for test in (test_rom_autoboot, test_three_nics, test_all_driver_rom):
        try:
            test()
        except RuntimeError as err:
            report(False, f"{test.__name__}_setup", err)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
