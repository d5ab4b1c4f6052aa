#!/usr/bin/env python3
"""HTTP download speed and CPU cost of the hosted build over a veth pair.

Fetches a 256 MiB file from nginx with "imgfetch http://..." (checked with
sha256sum afterwards), over a fresh connection and again over the kept-alive
one, and prints MiB/s as the download's own summary line reports it, and
the CPU time wireboot used up to the end of each fetch (user + system,
from /proc).  Needs root; uses bin-linux/wireboot (the optimised build)
unless $WIREBOOT_BINARY says otherwise.

    tests/bench/http_bench.py [--size-mib N]
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), "e2e"))
from lib.netns import ROOT, Namespace, skip_reason  # noqa: E402

BINARY = os.environ.get("WIREBOOT_BINARY", os.path.join(ROOT, "bin-linux", "wireboot"))
PEER_IP = "10.77.0.1"

NGINX_CONF = """worker_processes 1;
error_log {tmp}/nginx-error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    server {{
        listen {addr}:80;
        root {www};
    }}
}}
"""


def cpu_seconds(pid):
    """User + system CPU time of process PID so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=256)
    args = parser.parse_args()
    why = skip_reason(binary=BINARY, tools=("ip", "nginx", "ethtool"))
    if why:
        print(f"http_bench: skipped: {why}")
        return 0
    with Namespace("httpbench") as ns:
        link = ns.veth(peer_addr=f"{PEER_IP}/24")
        ns.run("ethtool", "-K", link.peer, "tx", "off", check=False)
        tmp = ns.tmpdir
        www = os.path.join(tmp, "www")
        os.makedirs(www)
        os.chmod(tmp, 0o755)
        os.chmod(www, 0o755)
        path = os.path.join(www, "big.bin")
        digest = hashlib.sha256()
        with open(path, "wb") as f:
            for _ in range(args.size_mib):
                chunk = os.urandom(1 << 20)
                digest.update(chunk)
                f.write(chunk)
        os.chmod(path, 0o644)
        conf = os.path.join(tmp, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(tmp=tmp, www=www, addr=PEER_IP))
        ns.start(["nginx", "-c", conf, "-p", tmp, "-g", "daemon off;"],
                 ready_port=80)
        wb = ns.wireboot(f"""ifopen net0
set net0/ip 10.77.0.2
set net0/netmask 255.255.255.0
imgfetch http://{PEER_IP}/big.bin
echo FETCHED-1
imgfree
imgfetch http://{PEER_IP}/big.bin
echo FETCHED-2
sha256sum big.bin
""", binary=BINARY)
        cpu = []
        for mark in ("FETCHED-1", "FETCHED-2"):
            if wb.wait_for(mark, timeout=600):
                try:
                    cpu.append(cpu_seconds(wb.proc.pid))
                except (OSError, IndexError, ValueError):
                    cpu.append(None)
        wb.finish(timeout=600)
        out = wb.output()
        rates = re.findall(r"ok [\d.]+ MiB in ([\d.]+) s \(([\d.]+) MiB/s\)", out)
        print(f"HTTP, {args.size_mib} MiB, nginx, veth, "
              f"{os.path.relpath(BINARY, ROOT)}")
        if len(rates) != 2 or f"{digest.hexdigest()}  big.bin" not in out:
            print("  failed:\n  " + "\n  ".join(out.splitlines()[-6:]))
            return 0
        labels = ("new connection", "kept-alive connection")
        previous = 0.0
        for label, (seconds, rate), used in zip(labels, rates, cpu):
            cpu_text = (f"CPU {used - previous:.2f} s" if used is not None
                        else "CPU unknown")
            previous = used or previous
            print(f"  {label:24s} {float(rate):8.1f} MiB/s  ({float(seconds):.2f} s, "
                  f"{cpu_text})", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.SubprocessError as err:
        print(f"http_bench: {err}")
        sys.exit(1)
