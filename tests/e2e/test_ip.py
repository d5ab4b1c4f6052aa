#!/usr/bin/env python3
"""The IP layer end to end (ARP, IPv4, ICMP, "ping", "route"): wireboot on
one end of a veth pair, the Linux kernel's own stack on the other, inside a
private network namespace (tests/e2e/lib/netns.py).  Prints TAP lines
"ok - ip/..."; needs root and skips every case otherwise.

wireboot is 10.77.0.2/24 with gateway 10.77.0.1 (the kernel), and the
kernel also owns 10.78.0.1 on its loopback, reachable only through that
gateway.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.tap import Tap  # noqa: E402
from lib.netns import Namespace, skip_reason  # noqa: E402

CASES = ["ping-kernel", "ping-via-gateway", "checksums-on-wire", "route",
         "kernel-pings-wireboot", "kernel-large-ping", "arp-neighbour",
         "ping-unused-address", "ping-no-route", "ping-by-name",
         "udp-checksums-on-wire"]

WB_IP = "10.77.0.2"
PEER_IP = "10.77.0.1"
FAR_IP = "10.78.0.1"
UNUSED_IP = "10.77.0.99"

CONFIGURE = f"""ifopen net0
set net0/ip {WB_IP}
set net0/netmask 255.255.255.0
set net0/gateway {PEER_IP}
"""

tap = Tap("ip")


def ping_lines(output, host):
    """Sequence numbers of the replies ping printed from HOST."""
    return [int(m.group(1)) for m in
            re.finditer(rf"^64 bytes from {re.escape(host)}: seq=(\d+)$",
                        output, re.M)]


def test_wireboot_pings(ns, link):
    """wireboot pings the kernel on the link and beyond the gateway; the
    frames it sends carry correct checksums; route shows the route."""
    capture = ns.capture(link.peer, "icmp or arp")
    wb = ns.wireboot(CONFIGURE + f"""route
ping --count 3 {PEER_IP} && echo PING-PEER-OK
ping --count 2 --size 3000 {FAR_IP} && echo PING-FAR-OK
""")
    status = wb.finish()
    out = wb.output()
    packets = capture.stop(
        fields=["ip.src", "ip.dst", "ip.checksum.status", "icmp.type",
                "icmp.checksum.status", "ip.flags.mf"],
        display_filter=f"ip.src == {WB_IP}",
        options=["ip.check_checksum:TRUE"])
    tap.report(ping_lines(out, PEER_IP) == [1, 2, 3] and "PING-PEER-OK" in out,
               "ping-kernel", out)
    tap.report("PING-FAR-OK" in out and
               re.search(rf"^3000 bytes from {FAR_IP}: seq=1$", out, re.M),
               "ping-via-gateway", out)
    tap.report(status == 0 and
               f"net0: {WB_IP}/255.255.255.0 gw {PEER_IP}" in out.splitlines(),
               "route", f"status {status}\n{out}")
    # Every IPv4 header from wireboot checks out (tshark's checksum status
    # 1 = good, 0 = bad), every whole ICMP message too, and the 3000-byte
    # pings went as fragments.
    ip_good = packets and all(p[2] == "1" for p in packets)
    icmp_good = all(p[4] == "1" for p in packets if p[3] == "8")
    fragmented = any(p[5] == "1" for p in packets)
    tap.report(ip_good and icmp_good and fragmented, "checksums-on-wire",
               "\n".join(",".join(p) for p in packets or []))


def test_kernel_pings(ns, link):
    """The kernel pings wireboot (small and fragmented) while it sleeps,
    and has learnt wireboot's MAC by ARP."""
    wb = ns.wireboot(CONFIGURE + "echo READY\nsleep 8\necho DONE\n")
    if not wb.wait_for("READY"):
        for case in ("kernel-pings-wireboot", "kernel-large-ping",
                     "arp-neighbour"):
            tap.report(False, case, wb.output())
        wb.finish()
        return
    small = ns.run("ping", "-c", "3", "-i", "0.2", "-W", "2", WB_IP,
                   check=False)
    tap.report(small.returncode == 0 and " 0% packet loss" in small.stdout,
               "kernel-pings-wireboot", small.stdout + small.stderr)
    large = ns.run("ping", "-c", "2", "-i", "0.2", "-W", "2", "-s", "4000",
                   WB_IP, check=False)
    tap.report(large.returncode == 0 and " 0% packet loss" in large.stdout and
               "4008 bytes from" in large.stdout,
               "kernel-large-ping", large.stdout + large.stderr)
    neigh = ns.run("ip", "neigh", "show", WB_IP, "dev", link.peer).stdout
    mac = ns.mac(link.wireboot)
    tap.report(f"lladdr {mac}" in neigh, "arp-neighbour",
               f"want {mac}, got: {neigh}")
    wb.finish()


def test_ping_failures(ns, link):
    """Nobody answers ARP for an unused address; no route without an
    address: ping says so and fails."""
    wb = ns.wireboot(CONFIGURE + f"""ping --count 2 --timeout 500 {UNUSED_IP} || echo PING-UNUSED-FAILED
clear net0/gateway
ping --count 1 192.0.2.1 || echo PING-NOROUTE-FAILED
""")
    status = wb.finish()
    out = wb.output()
    tap.report("PING-UNUSED-FAILED" in out and
               f"No reply from {UNUSED_IP}: seq=2" in out and
               f"ping: {UNUSED_IP}: Connection timed out (icmp)" in out,
               "ping-unused-address", out)
    tap.report(status == 0 and "PING-NOROUTE-FAILED" in out and
               "ping: 192.0.2.1: Network unreachable (ipv4)" in out,
               "ping-no-route", f"status {status}\n{out}")


def test_udp_by_name(ns, link):
    """ping a name that dnsmasq (a real DNS server on the kernel's side)
    resolves: UDP both ways, with checksums the capture confirms."""
    ns.start(["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
              "--no-resolv", "--no-hosts", "--user=root", "--pid-file=",
              f"--interface={link.peer}", "--bind-interfaces",
              f"--address=/wbtest.example/{PEER_IP}"], ready_udp_port=53)
    capture = ns.capture(link.peer, "udp port 53")
    wb = ns.wireboot(CONFIGURE + f"""set dns {PEER_IP}
ping --count 1 wbtest.example && echo PING-NAME-OK
""")
    status = wb.finish()
    out = wb.output()
    packets = capture.stop(fields=["ip.src", "udp.checksum.status"],
                           options=["udp.check_checksum:TRUE"])
    tap.report(status == 0 and "PING-NAME-OK" in out and
               ping_lines(out, PEER_IP) == [1], "ping-by-name", out)
    sent = [p for p in packets if p[0] == WB_IP]
    tap.report(sent and len(sent) < len(packets) and
               all(p[1] == "1" for p in sent), "udp-checksums-on-wire",
               "\n".join(",".join(p) for p in packets))


def main():
    why = skip_reason(tools=("ip", "tshark", "ping", "dnsmasq"))
    if why:
        for case in CASES:
            tap.skip(case, why)
        return 0
    with Namespace("ip") as ns:
        link = ns.veth(peer_addr=f"{PEER_IP}/24")
        ns.run("ip", "addr", "add", f"{FAR_IP}/32", "dev", "lo")
        test_wireboot_pings(ns, link)
        test_kernel_pings(ns, link)
        test_ping_failures(ns, link)
        test_udp_by_name(ns, link)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
