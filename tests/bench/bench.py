#!/usr/bin/env python3
"""What "make bench" runs: every benchmark in tests/bench, one after the
other (never two at once: they share a small machine), then the comparison
table of docs/performance.md from this run's figures.

  hosted     http_bench.py, tftp_bench.py (bin-linux/wireboot over a veth)
  QEMU NICs  qemu_nic_bench.py: HTTP MB/s of wireboot, iPXE and Linux on
             e1000 and virtio-net over slirp and a tap, undionly.kpxe, sizes
  SAN        san_bench.py: iSCSI and AoE boot of a Linux disk, wireboot
             against iPXE
"""
import datetime
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qemu_nic_bench  # noqa: E402
import san_bench  # noqa: E402

HOSTED = ("http_bench.py", "tftp_bench.py")


def mbs(value):
    return f"{value:.1f}" if value else "failed"


def ratio(ours, theirs):
    return f"{ours / theirs:.2f}" if ours and theirs else "n/a"


def table(nic, san, sizes):
    """The comparison table (Markdown) of this run."""
    lines = [f"Measured {datetime.date.today()}: QEMU "
             f"{qemu_version()}, TCG, 1 vCPU, on a {os.cpu_count()}-core "
             "host; 256 MiB over HTTP.", "",
             "| network | NIC | wireboot MB/s | iPXE MB/s | Linux MB/s "
             "| wireboot/iPXE | wireboot/Linux |",
             "|---|---|---|---|---|---|---|"]
    for net in ("slirp", "tap"):
        for name in qemu_nic_bench.NICS:
            got = {c: nic.get((net, name, c))
                   for c in ("wireboot", "ipxe", "linux")}
            if not any(got.values()):
                continue
            lines.append(f"| {net} | {name} | {mbs(got['wireboot'])} "
                         f"| {mbs(got['ipxe'])} | {mbs(got['linux'])} "
                         f"| {ratio(got['wireboot'], got['ipxe'])} "
                         f"| {ratio(got['wireboot'], got['linux'])} |")
    undi = nic.get(("slirp", "e1000", "undionly"))
    if ("slirp", "e1000", "undionly") in nic:
        lines += ["", f"undionly.kpxe over QEMU's iPXE ROM (UNDI, slirp, "
                  f"e1000): {mbs(undi)} MB/s"]
    if san:
        lines += ["", "| SAN boot (tap, e1000) | wireboot: s to marker "
                  "| iPXE: s to marker | wireboot INT 13h MB/s "
                  "| iPXE INT 13h MB/s |", "|---|---|---|---|---|"]
        for proto in ("iscsi", "aoe"):
            ours = san.get((proto, "wireboot"), (None, None))
            theirs = san.get((proto, "ipxe"), (None, None))
            secs = [f"{t:.1f}" if t else "failed" for t in (ours[0], theirs[0])]
            lines.append(f"| {proto} | {secs[0]} | {secs[1]} "
                         f"| {mbs(ours[1])} | {mbs(theirs[1])} |")
    lines += ["", "| image | wireboot bytes | iPXE bytes |", "|---|---|---|"]
    for what, ours, theirs in sizes:
        lines.append(f"| {what} | {ours or '-'} | {theirs or '-'} |")
    return "\n".join(lines)


def qemu_version():
    try:
        out = subprocess.run(["qemu-system-x86_64", "--version"],
                             capture_output=True, text=True).stdout
        return out.split()[3]
    except (OSError, IndexError):
        return "?"


def main():
    for name in HOSTED:
        print(f"== tests/bench/{name}", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, name)])
    print("== tests/bench/qemu_nic_bench.py", flush=True)
    nic = qemu_nic_bench.measure(set(("slirp", "tap")),
                                 set(qemu_nic_bench.NICS),
                                 set(("wireboot", "ipxe", "linux", "undionly")))
    print("== tests/bench/san_bench.py", flush=True)
    san = san_bench.measure(["iscsi", "aoe"], ["wireboot", "ipxe"])
    print("\n== comparison (docs/performance.md)\n")
    print(table(nic, san, qemu_nic_bench.sizes()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
