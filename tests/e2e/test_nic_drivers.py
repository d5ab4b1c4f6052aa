#!/usr/bin/env python3
"""Native NIC drivers under QEMU (SeaBIOS, TCG): bin/wireboot.lkrn boots
with one emulated NIC (no option ROM) on a tap inside a private network
namespace.  For each NIC:

- pciscan lists it with its driver, and "pciscan <setting>" walks the same
  functions; ifstat shows net0 with QEMU's MAC; ifopen brings the link up;
- frames of an unknown ethertype injected from the namespace are counted
  (received, then rejected by ethernet), and those sent to another MAC are
  filtered out;
- with the IP layer built in: wireboot pings the namespace and answers its
  pings (transmit works), UDP datagrams from the namespace's stack arrive
  with valid checksums, 8 MiB download over HTTP intact (md5sum), and
  dhcp gets an address from dnsmasq;
- on virtio: QEMU's monitor shows mergeable buffers, guest checksum and
  TSO4 negotiated, and receive buffers that hold a whole 64 KiB segment;
  the HTTP download arrives in large segments (far fewer frames than
  1514-byte ones would take); 30 KB ICMP replies arrive as single frames
  over a tap with a 64 KiB MTU; ifclose resets the device;
- virtio short of memory (modern and legacy): with 140 MiB of RAM and an
  initrd that leaves too little heap for whole-segment buffers, ifopen
  falls back to 4 KiB ones (the monitor shows their length), and the large
  segments and 30 KB ICMP replies spread over several are joined into one
  frame each (HTTP download intact, pings answered);
- last, "chain" boots a tiny multiboot kernel over HTTP with the NIC open,
  and the monitor shows the NIC stopped while that kernel runs (virtio
  reset; e1000 RCTL/TCTL and RTL8139 CR with receive and transmit off).

Prints TAP lines "ok - nic/..."; needs root, /dev/net/tun and QEMU, and
skips otherwise; checks needing commands that are not built in skip.

Helpers run inside the namespace by the test itself (which has no ping
binary to rely on): "--inject IFACE DEST ETHERTYPE COUNT" sends COUNT
frames to the MAC DEST on IFACE; "--ping ADDRESS COUNT" pings ADDRESS with
a raw socket and prints "N replies"; "--udp ADDRESS PORT COUNT" sends
COUNT UDP datagrams.
"""
import hashlib
import os
import re
import shutil
import socket
import subprocess
import struct
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
import qemu  # noqa: E402
from netns import run  # noqa: E402

LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")
NS = f"wbnic{os.getpid()}"
TAP_DEV = "wbtap0"
MAC = "52:54:00:12:34:56"
OTHER_MAC = "52:54:00:65:43:21"
HOST_IP = "192.168.77.1"
GUEST_IP = "192.168.77.2"
UNKNOWN_ETHERTYPE = 0x88B5
UNSUPPORTED = '"Operation not supported (ethernet)"'
INJECT = 20
PROMPT = "wireboot> "
RUN_SECONDS = 90

DHCP_FIRST = "192.168.77.100"
DHCP_LAST = "192.168.77.150"
HTTP_PORT = 8080
HTTP_MIB = 8
BIG_PING = 30000
BIG_MTU = 65000

# What each virtio receive buffer holds: a whole segment (header, Ethernet,
# VLAN tag, 64 KiB), or 4 KiB when memory is short.
LARGE_RX_BUF = 12 + 14 + 4 + 65535
SMALL_RX_BUF = 4096
# The heap is the RAM above 128 MiB (~12 MiB here), and the initrd takes
# itself out of it twice (where QEMU put it, and its copy as an image):
# ~1.4 MiB stay free, less than 32 whole-segment buffers need (2.1 MiB) and
# more than 128 small ones (0.6 MiB).  Either way ~0.7 MiB of slack.
SMALL_MEMORY = "140M"
FILLER_KIB = 5300
SMALL_HTTP_MIB = 4

# name, -device argument, PCI vendor:device, driver name, chip description,
# whether frames larger than 1518 bytes can be received
NICS = [
    ("e1000", "e1000", "8086:100e", "e1000", "Intel 82540EM", False),
    ("e1000e", "e1000e", "8086:10d3", "e1000", "Intel 82574L", False),
    ("e1000-82545em", "e1000-82545em", "8086:100f", "e1000", "Intel 82545EM",
     False),
    ("e1000-82544gc", "e1000-82544gc", "8086:100c", "e1000", "Intel 82544GC",
     False),
    ("virtio-legacy", "virtio-net-pci,disable-modern=on", "1af4:1000",
     "virtio-net", "Virtio network device (transitional)", True),
    ("virtio-transitional", "virtio-net-pci", "1af4:1000",
     "virtio-net", "Virtio network device (transitional)", True),
    ("virtio-modern", "virtio-net-pci,disable-legacy=on", "1af4:1041",
     "virtio-net", "Virtio network device", True),
    ("rtl8139", "rtl8139", "10ec:8139", "rtl8139", "Realtek RTL8139", False),
]

# name, -device argument of the virtio NICs run short of memory
SMALL_BUFFER_NICS = [
    ("virtio-small-buffers", "virtio-net-pci,disable-legacy=on"),
    ("virtio-small-buffers-legacy", "virtio-net-pci,disable-modern=on"),
]

TAP = Tap("nic", last_lines=40)
report = TAP.report
skip = TAP.skip


def inject(ifname, dest, ethertype, count):
    """Send COUNT minimum-size frames of ETHERTYPE to DEST on IFNAME."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((ifname, 0))
    source = sock.getsockname()[4]
    for i in range(count):
        payload = f"wireboot nic test frame {i}".encode().ljust(46, b"\0")
        sock.send(bytes.fromhex(dest.replace(":", "")) + source +
                  ethertype.to_bytes(2, "big") + payload)
    sock.close()


def checksum(data):
    """The Internet checksum of DATA."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ping(address, count):
    """Send COUNT ICMP echo requests to ADDRESS; return how many got replies."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    sock.settimeout(0.5)
    ident = os.getpid() & 0xFFFF
    replies = 0
    for seq in range(count):
        payload = b"wireboot nic test" + bytes(range(32))
        header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
        header = struct.pack("!BBHHH", 8, 0, checksum(header + payload), ident, seq)
        sock.sendto(header + payload, (address, 0))
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            try:
                data, peer = sock.recvfrom(2048)
            except socket.timeout:
                continue
            icmp = data[(data[0] & 0xF) * 4:]
            if (peer[0] == address and icmp[0] == 0 and
                    struct.unpack("!HH", icmp[4:8]) == (ident, seq) and
                    icmp[8:] == payload):
                replies += 1
                break
    sock.close()
    return replies


def ns(*argv, check=True):
    """Run a command inside the test namespace."""
    return run("ip", "netns", "exec", NS, *argv, check=check)


def make_namespace():
    """A namespace with an up tap, IPv6 off (no stray multicast)."""
    run("ip", "netns", "add", NS)
    ns("ip", "link", "set", "lo", "up")
    ns("ip", "tuntap", "add", "dev", TAP_DEV, "mode", "tap")
    ns("sysctl", "-q", f"net.ipv6.conf.{TAP_DEV}.disable_ipv6=1")
    ns("ip", "addr", "add", f"{HOST_IP}/24", "dev", TAP_DEV)
    ns("ip", "link", "set", TAP_DEV, "up")


def has_command(vm, name):
    """Whether the shell knows command NAME (from "help")."""
    vm.send("help\r")
    match = vm.expect(r"(?s)(.*?)" + re.escape(PROMPT), 10)
    return match is not None and re.search(rf"\b{name}\b",
                                           match.group(1).decode()) is not None


def command(vm, line, timeout=10):
    """Type LINE and return what it printed up to the next prompt, or None."""
    vm.send(line + "\r")
    match = vm.expect(r"(?s)\n(.*?)" + re.escape(PROMPT), timeout)
    return match.group(1).decode("utf-8", "replace") if match else None


def test_dhcp(vm, name):
    """Configure net0 from dnsmasq in the namespace."""
    if not has_command(vm, "dhcp"):
        skip(f"{name}/dhcp", "no dhcp command built in")
        return
    dnsmasq = subprocess.Popen(
        ["ip", "netns", "exec", NS, "dnsmasq", "--no-daemon",
         "--conf-file=/dev/null", "--port=0", f"--interface={TAP_DEV}",
         "--bind-interfaces", f"--dhcp-range={DHCP_FIRST},{DHCP_LAST},1h",
         "--dhcp-leasefile=/dev/null"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        out = command(vm, "dhcp net0 && echo IP=${net0.dhcp/ip}", 40) or ""
        got = re.search(r"IP=192\.168\.77\.(\d+)", out)
        report(got is not None and 100 <= int(got.group(1)) <= 150,
               f"{name}/dhcp", out)
    finally:
        dnsmasq.terminate()
        dnsmasq.wait(10)


def send_udp(address, port, count):
    """Send COUNT 1000-byte UDP datagrams to ADDRESS:PORT."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for _ in range(count):
        sock.sendto(b"wireboot" * 125, (address, port))
    sock.close()


def test_udp_checksums(vm, name):
    """Datagrams from the host's own stack (whose checksums virtio leaves
    partial for the guest to finish) reach UDP with valid checksums: they
    are refused for the closed port, not as malformed."""
    before = command(vm, "ifstat net0") or ""
    ns(sys.executable, os.path.abspath(__file__), "--udp", GUEST_IP, "9",
       str(INJECT))
    out = command(vm, "sleep 1 && ifstat net0", 15) or ""
    refused = re.search(r'\[RXE: (\d+) x "Not connected \(udp\)"\]', out)
    report(refused is not None and int(refused.group(1)) == INJECT and
           "Malformed message" not in out, f"{name}/udp-checksum",
           before + out)


def rx_count(vm):
    """Frames net0 has received so far, or None."""
    out = command(vm, "ifstat net0") or ""
    found = re.search(r"RX:(\d+)", out)
    return int(found.group(1)) if found else None


def test_http(vm, name, large, tmp, mib=HTTP_MIB):
    """Download MIB MiB over TCP and check it with md5sum; with large
    receive, the host must have handed it over in large segments."""
    if not has_command(vm, "imgfetch") or not has_command(vm, "md5sum"):
        skip(f"{name}/http-download", "no imgfetch or md5sum built in")
        return
    data = os.urandom(mib << 20)
    with open(os.path.join(tmp, "blob"), "wb") as f:
        f.write(data)
    server = http_server(tmp)
    try:
        before = rx_count(vm)
        out = command(vm, f"imgfetch http://{HOST_IP}:{HTTP_PORT}/blob", 60) or ""
        frames = (rx_count(vm) or 0) - (before or 0)
        out += command(vm, "md5sum blob", 60) or ""
        report(hashlib.md5(data).hexdigest() in out, f"{name}/http-download", out)
        if large:
            # Ordinary frames would take ~720 a MiB; 64 KiB segments ~16.
            report(frames < (mib << 20) // 8192,
                   f"{name}/large-receive", f"{frames} frames received")
    finally:
        server.terminate()
        server.wait(10)


# A multiboot kernel (address kludge, loaded at 1 MiB) that says it runs on
# COM1 and halts: the "OS" the NIC must have been stopped for.
KERNEL_ASM = """
bits 32
org 0x100000
header:
    dd 0x1BADB002, 0x00010000, -(0x1BADB002 + 0x00010000)
    dd header, 0x100000, end, end, start
start:
    mov esi, msg
next:
    mov dx, 0x3fd
wait_tx:
    in al, dx
    test al, 0x20
    jz wait_tx
    mov al, [esi]
    test al, al
    jz done
    mov dx, 0x3f8
    out dx, al
    inc esi
    jmp next
done:
    cli
    hlt
    jmp done
msg:
    db "KERNEL-RUNNING", 13, 10, 0
end:
"""


def http_server(tmp):
    """A Python HTTP server for TMP on HOST_IP:HTTP_PORT in the namespace."""
    server = subprocess.Popen(
        ["ip", "netns", "exec", NS, sys.executable, "-m", "http.server",
         "--bind", HOST_IP, "--directory", tmp, str(HTTP_PORT)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    ns(sys.executable, "-c", "import socket, time\n"
       "for _ in range(50):\n"
       f"    try: socket.create_connection(('{HOST_IP}', {HTTP_PORT})).close(); break\n"
       "    except OSError: time.sleep(0.1)\n")
    return server


def bar_address(vm, bar):
    """Where QEMU put BAR number BAR of the NIC (from "info pci")."""
    pci = vm.monitor("info pci")
    block = pci.split("Ethernet controller:", 1)[-1]
    found = re.search(rf"BAR{bar}: (?:32|64) bit (?:prefetchable )?memory at (0x[0-9a-f]+)|"
                      rf"BAR{bar}: I/O at (0x[0-9a-f]+)", block)
    if not found:
        return None
    return int(found.group(1) or found.group(2), 16)


def nic_stopped(vm, driver):
    """Whether the NIC has receive and transmit (and so DMA) turned off,
    read through QEMU's monitor; returns (stopped, what was read)."""
    if driver == "virtio-net":
        status = virtio_status(vm)
        return "VIRTIO_CONFIG_S_DRIVER_OK" not in status, status
    base = bar_address(vm, 0)
    if base is None:
        return False, "no BAR 0"
    if driver == "e1000":
        # RCTL.EN and TCTL.EN (bit 1) through memory BAR 0.
        seen = (vm.monitor(f"xp /1wx {base + 0x100}") +
                vm.monitor(f"xp /1wx {base + 0x400}"))
        values = re.findall(r"[0-9a-f]+: (0x[0-9a-f]+)", seen)
        return (len(values) == 2 and
                not any(int(v, 16) & 0x2 for v in values)), seen
    # RTL8139: CR.RE and CR.TE (0x0c) through I/O BAR 0.
    seen = vm.monitor(f"i /b {base + 0x37}")
    value = re.search(r"= (0x[0-9a-f]+)", seen)
    return value is not None and not int(value.group(1), 16) & 0x0c, seen


def test_boot_stops_nic(vm, name, driver, tmp):
    """Booting an OS (a multiboot kernel) stops the NIC first."""
    if not shutil.which("nasm") or not has_command(vm, "chain"):
        skip(f"{name}/boot-stops-nic", "no nasm or no chain command")
        return
    source = os.path.join(tmp, "kernel.asm")
    with open(source, "w") as f:
        f.write(KERNEL_ASM)
    run("nasm", "-f", "bin", "-o", os.path.join(tmp, "kernel.bin"), source)
    server = http_server(tmp)
    try:
        command(vm, "ifopen net0")
        # The check must see the open NIC running, or it proves nothing.
        stopped_before, before = nic_stopped(vm, driver)
        vm.send("chain http://{}:{}/kernel.bin\r".format(HOST_IP, HTTP_PORT))
        booted = vm.expect("KERNEL-RUNNING", 30) is not None
        stopped, seen = nic_stopped(vm, driver) if booted else (False, "")
        report(not stopped_before and booted and stopped,
               f"{name}/boot-stops-nic",
               vm.output[-1500:] + before + seen)
    finally:
        server.terminate()
        server.wait(10)


def test_big_frames(vm, name):
    """Pings whose replies arrive as single frames of BIG_PING bytes."""
    ns("ip", "link", "set", TAP_DEV, "mtu", str(BIG_MTU))
    out = command(vm, f"ping --size {BIG_PING} --count 3 {HOST_IP}", 30) or ""
    report(out.count(f"{BIG_PING} bytes from {HOST_IP}") == 3,
           f"{name}/large-rx", out)
    out = command(vm, "ifstat net0") or ""
    report("RXE: " not in out or "Message too long" not in out,
           f"{name}/large-rx-errors", out)


def virtio_status(vm):
    """QEMU's view of the virtio NIC: status bits and negotiated features."""
    return vm.monitor("info virtio-status /machine/peripheral/nic0/virtio-backend")


def guest_features(status):
    """The "Guest features" part of virtio_status()."""
    part = status.split("Guest features:", 1)[-1]
    return part.split("Host features:", 1)[0]


def rx_buffer_len(vm):
    """Bytes the virtio NIC's next receive buffer holds, or None, and what
    QEMU's monitor showed of it (queue 0 receives)."""
    seen = vm.monitor("info virtio-queue-element "
                      "/machine/peripheral/nic0/virtio-backend 0")
    found = re.search(r"len (\d+) \(write\)", seen)
    return (int(found.group(1)) if found else None), seen


def start_vm(name, device, memory="256M", extra=()):
    """Boot with the NIC DEVICE to the shell; reports NAME/boot.  Returns the
    VM, or None (and the VM stopped) if it did not get there."""
    vm = qemu.Qemu(["-kernel", LKRN, "-netdev",
                    f"tap,id=n0,ifname={TAP_DEV},script=no,downscript=no",
                    "-device", f"{device},netdev=n0,mac={MAC},romfile=,id=nic0",
                    *extra], timeout=RUN_SECONDS, memory=memory, monitor=True)
    booted = vm.expect("Press Ctrl-B", 20) is not None
    if booted:
        vm.send("\x02")
        booted = vm.expect(PROMPT, 10) is not None
    report(booted, f"{name}/boot", vm.output)
    if not booted:
        vm.close()
        return None
    return vm


def test_nic(name, device, pciid, driver, chip, large, tmp):
    """Boot with one NIC and run every check on it."""
    virtio = device.startswith("virtio")
    vm = start_vm(name, device)
    if vm is None:
        return
    try:
        out = command(vm, "pciscan") or ""
        line = rf"^00:\S+ {pciid} \(020000\) {re.escape(driver)} {re.escape(chip)}\r?$"
        report(re.search(line, out, re.M) is not None, f"{name}/pciscan", out)
        listed = re.findall(r"^([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) ", out, re.M)
        walked = []
        for _ in range(len(listed) + 1):
            step = command(vm, "pciscan scan && echo BDF=${scan:busdevfn}") or ""
            found = re.search(r"BDF=(\S+)", step)
            if not found:
                break
            walked.append(found.group(1))
        report(listed and walked == listed, f"{name}/pciscan-setting",
               f"listed {listed}\nwalked {walked}")

        out = command(vm, "ifstat net0") or ""
        want = rf"net0: {MAC} using {re.escape(driver)} on PCI00:\S+ \(Ethernet\) \[closed\]"
        report(re.search(want, out) is not None, f"{name}/ifstat-mac", out)
        out = command(vm, "echo ${net0/chip}") or ""
        report(chip in out, f"{name}/chip-setting", out)

        out = command(vm, "ifopen net0 && sleep 1 && ifstat net0", 15) or ""
        report("[open]" in out and "Link:up" in out, f"{name}/open-link-up", out)
        if virtio:
            status = virtio_status(vm)
            features = guest_features(status)
            report(all(f"VIRTIO_NET_F_{bit}:" in features for bit in
                       ("MRG_RXBUF", "GUEST_CSUM", "GUEST_TSO4", "STATUS")) and
                   "DRIVER_OK" in status, f"{name}/virtio-features", status)
            size, seen = rx_buffer_len(vm)
            report(size == LARGE_RX_BUF, f"{name}/large-buffers", seen)

        ns(sys.executable, os.path.abspath(__file__), "--inject", TAP_DEV, MAC,
           str(UNKNOWN_ETHERTYPE), str(INJECT))
        out = command(vm, "sleep 1 && ifstat net0", 15) or ""
        counts = re.search(r"RX:(\d+) RXE:(\d+)", out)
        good = (counts is not None and int(counts.group(1)) >= INJECT and
                f"[RXE: {INJECT} x {UNSUPPORTED}]" in out)
        report(good, f"{name}/rx-count", out)

        # Unicast frames for another station never reach the stack.
        ns(sys.executable, os.path.abspath(__file__), "--inject", TAP_DEV,
           OTHER_MAC, str(UNKNOWN_ETHERTYPE), str(INJECT))
        again = command(vm, "sleep 1 && ifstat net0", 15) or ""
        after = re.search(r"RX:(\d+) RXE:(\d+)", again)
        report(counts is not None and after is not None and
               after.groups() == counts.groups(), f"{name}/rx-filter",
               out + again)

        if has_command(vm, "ping"):
            out = command(vm, f"set net0/ip {GUEST_IP} && set net0/netmask 255.255.255.0 && "
                          f"ping --count 3 {HOST_IP}", 30) or ""
            report(out.count(f"bytes from {HOST_IP}") == 3,
                   f"{name}/ping-out", out)
            result = ns(sys.executable, os.path.abspath(__file__), "--ping",
                        GUEST_IP, "3", check=False)
            report(result.strip() == "3 replies", f"{name}/ping-in", result)
            test_udp_checksums(vm, name)
            test_http(vm, name, large, tmp)
            if large:
                test_big_frames(vm, name)
        else:
            skip(f"{name}/ping-out", "no ping command built in")
            skip(f"{name}/ping-in", "no ping command built in")
            skip(f"{name}/udp-checksum", "no ping command built in")
            skip(f"{name}/http-download", "no ping command built in")

        test_dhcp(vm, name)

        out = command(vm, "ifclose net0 && ifstat net0") or ""
        report("[closed]" in out, f"{name}/close", out)
        if virtio:
            status = virtio_status(vm)
            report("VIRTIO_CONFIG_S_DRIVER_OK" not in status and
                   "VIRTIO_CONFIG_S_ACKNOWLEDGE" not in status,
                   f"{name}/close-resets-device", status)
        if has_command(vm, "ping"):
            test_boot_stops_nic(vm, name, driver, tmp)
        else:
            skip(f"{name}/boot-stops-nic", "no ping command built in")
    finally:
        vm.close()


def test_small_buffers(name, device, tmp):
    """Boot short of memory: ifopen must fall back to small receive buffers,
    and frames spread over several must arrive joined."""
    filler = os.path.join(tmp, "filler")
    with open(filler, "wb") as f:
        f.write(bytes(FILLER_KIB << 10))
    vm = start_vm(name, device, SMALL_MEMORY, ["-initrd", filler])
    if vm is None:
        return
    try:
        if not has_command(vm, "ping"):
            skip(f"{name}/fallback", "no ping command built in")
            return
        out = command(vm, f"imgstat && set net0/ip {GUEST_IP} && "
                      f"set net0/netmask 255.255.255.0 && ifopen net0", 15) or ""
        size, seen = rx_buffer_len(vm)
        report(f"initrd : {FILLER_KIB << 10} bytes" in out and
               size == SMALL_RX_BUF, f"{name}/fallback", out + seen)
        # The buffers stay small until the next ifopen; the download needs room.
        command(vm, "imgfree initrd")
        test_http(vm, name, True, tmp, SMALL_HTTP_MIB)
        test_big_frames(vm, name)
    finally:
        vm.close()


def in_namespace(name, test, *args):
    """Run TEST(*ARGS, tmp) with QEMU started inside a fresh namespace."""
    with tempfile.TemporaryDirectory(prefix="wireboot-nic-") as tmp, \
            qemu.in_netns(NS, tmp):
        try:
            make_namespace()
            test(*args, tmp)
        except RuntimeError as err:
            report(False, f"{name}/setup", err)
        finally:
            run("ip", "netns", "del", NS, check=False)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "--inject":
        inject(sys.argv[2], sys.argv[3], int(sys.argv[4], 0), int(sys.argv[5]))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "--udp":
        send_udp(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "--ping":
        print(f"{ping(sys.argv[2], int(sys.argv[3]))} replies")
        return 0
    why = qemu.available()
    if why is None and os.geteuid() != 0:
        why = "needs root"
    if why is None and not os.path.exists("/dev/net/tun"):
        why = "no /dev/net/tun"
    if why is None and not os.path.exists(LKRN):
        why = "bin/wireboot.lkrn not built"
    only = sys.argv[1:]
    runs = [(nic[0], test_nic, nic) for nic in NICS]
    runs += [(nic[0], test_small_buffers, nic) for nic in SMALL_BUFFER_NICS]
    for name, test, args in runs:
        if only and name not in only:
            continue
        if why:
            skip(name, why)
            continue
        in_namespace(name, test, *args)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
