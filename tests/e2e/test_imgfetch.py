#!/usr/bin/env python3
"""Images end to end with the hosted binary (bin-linux/wireboot-asan):
imgstat/imgfree/md5sum/sha1sum/sha256sum on the --script image (digests
checked against Python's hashlib), usage errors, URIs nobody can open; then,
as root with /dev/net/tun, imgfetch/module through real servers in a private
network namespace: nginx (HTTP) and tftpd-hpa (TFTP) on the host side of a
tap, a slow nginx location for progress lines and Ctrl-C, and a silent TCP
listener for --timeout.  Prints TAP lines "ok - imgfetch/..."; network cases
skip without root or /dev/net/tun.  Nothing leaves the namespace, which is
deleted afterwards.

Run as "test_imgfetch.py --silent-server ADDR PORT" it is the silent TCP
listener (run inside the namespace by the test itself).
"""
import hashlib
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from tap import Tap  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WIREBOOT = os.path.join(ROOT, "bin-linux", "wireboot-asan")
NS = f"wbt-imgfetch-{os.getpid()}"
TAP_DEV = "wbimgtap0"
HOST_IP = "10.77.0.1"
WB_IP = "10.77.0.2"
TIMEOUT = 120

TAP = Tap("imgfetch", last_lines=40)
report = TAP.report
skip = TAP.skip


def final_text(raw):
    """What a terminal would show: each '\\r' rewrites the current line."""
    lines = []
    for line in raw.split("\n"):
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        lines.append(shown.rstrip())
    return "\n".join(lines)


class Run:
    """wireboot running SCRIPT (optionally in the namespace with the tap)."""

    def __init__(self, script, workdir, name="test.ipxe", net=False):
        path = os.path.join(workdir, name)
        with open(path, "w") as f:
            f.write(script)
        self.path = path
        argv = [WIREBOOT, "--script", path]
        if net:
            argv = ["ip", "netns", "exec", NS] + argv + ["--netdev", f"tap:{TAP_DEV}"]
        self.proc = subprocess.Popen(argv, cwd=workdir, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.raw = b""

    def read_until(self, pattern, timeout=TIMEOUT):
        """Read output until the bytes regex PATTERN matches; True if it did."""
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while not re.search(pattern, self.raw):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                return False
            chunk = os.read(fd, 65536)
            if not chunk:
                return False
            self.raw += chunk
        return True

    def type(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def finish(self, timeout=TIMEOUT):
        """Wait for the end; returns (status or None if it hung, raw text)."""
        self.read_until(rb"\0never", timeout)
        try:
            status = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            status = None
        self.proc.stdin.close()
        self.proc.stdout.close()
        return status, self.raw.decode(errors="replace")


def run_script(script, workdir, **kwargs):
    """Run SCRIPT to the end; returns (status, raw output)."""
    run = Run(script, workdir, **kwargs)
    run.proc.stdin.close()
    run.proc.stdin = open(os.devnull, "wb")
    return run.finish()


def digests(data):
    return {name: hashlib.new(name, data).hexdigest()
            for name in ("md5", "sha1", "sha256")}


def test_local(workdir):
    """Everything that needs no network."""
    script = """#!ipxe
echo == imgstat
imgstat
echo == digests
md5sum script.ipxe
sha1sum script.ipxe
sha256sum script.ipxe
sha256sum --set digest script.ipxe
echo stored ${digest}
md5sum script.ipxe script.ipxe
echo == errors
sha256sum || echo NOARGS-FAILED
md5sum nosuchimage || echo NOSUCH-FAILED
imgstat nosuchimage || echo IMGSTAT-FAILED
imgfree nosuchimage || echo IMGFREE-FAILED
imgfetch || echo IMGFETCH-NOARGS-FAILED
imgfetch --timeout soon x || echo IMGFETCH-BADTIMEOUT-FAILED
imgfetch wbnosuch://host/file.bin || echo NOSCHEME-FAILED
module wbnosuch://host/file.bin || echo MODULE-FAILED
imgfetch http://nonexistent.invalid/x || echo NOHOST-FAILED
echo == free
imgfree script.ipxe
imgstat
echo AFTER-FREE
"""
    status, raw = run_script(script, workdir, name="script.ipxe")
    out = final_text(raw)
    with open(os.path.join(workdir, "script.ipxe"), "rb") as f:
        data = f.read()
    want = digests(data)
    size = len(data)

    section = out.split("== imgstat\n", 1)[-1].split("== digests", 1)[0]
    report(section.strip() == f"script.ipxe : {size} bytes [script]",
           "imgstat-script", out)
    report(f"{want['md5']}  script.ipxe\n" in out and
           f"{want['sha1']}  script.ipxe\n" in out and
           f"{want['sha256']}  script.ipxe\n" in out,
           "digests-match-hashlib", f"want {want}\n{out}")
    report(f"stored {want['sha256']}\n" in out, "digest-set", out)
    report(f"{want['md5']}  script.ipxe\n{want['md5']}  script.ipxe\n" in out,
           "digest-several", out)
    report("sha256sum: missing argument\nUsage: sha256sum [--set <setting>] "
           "<uri|image>...\nNOARGS-FAILED" in out and
           "No such image: nosuchimage\nNOSUCH-FAILED" in out,
           "digest-errors", out)
    report("imgstat: no such image: nosuchimage\nIMGSTAT-FAILED" in out and
           "imgfree: no such image: nosuchimage\nIMGFREE-FAILED" in out,
           "image-name-errors", out)
    report("imgfetch: missing argument\nUsage: imgfetch [--name <name>] "
           "[--timeout <timeout>] <uri> [<arguments>...]\n"
           "IMGFETCH-NOARGS-FAILED" in out and
           "IMGFETCH-BADTIMEOUT-FAILED" in out, "imgfetch-usage", out)
    report("wbnosuch://host/file.bin... Operation not supported (uri)\n"
           "NOSCHEME-FAILED\n" in out and
           "wbnosuch://host/file.bin... Operation not supported (uri)\n"
           "MODULE-FAILED\n" in out, "no-opener", out)
    match = re.search(r"^http://nonexistent\.invalid/x\.\.\. (.*)\nNOHOST-FAILED$",
                      out, re.MULTILINE)
    report(match is not None and not match.group(1).startswith("ok"),
           "nonexistent-host", out)
    section = out.split("== free\n", 1)[-1]
    report(status == 0 and section.strip() == "AFTER-FREE", "imgfree-all",
           f"status {status}\n{out}")


def ns(*argv, check=True):
    """Run a command inside the namespace (or create it)."""
    proc = subprocess.run(["ip", "netns", "exec", NS] + list(argv),
                          stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {proc.stderr.strip()}")
    return proc.stdout


NGINX_CONF = """worker_processes 1;
error_log {dir}/nginx-error.log;
pid {dir}/nginx.pid;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {dir}/nginx-body;
  proxy_temp_path {dir}/nginx-proxy;
  fastcgi_temp_path {dir}/nginx-fastcgi;
  uwsgi_temp_path {dir}/nginx-uwsgi;
  scgi_temp_path {dir}/nginx-scgi;
  server {{
    listen {ip}:80;
    root {dir}/www;
    location /slow/ {{ limit_rate 256k; }}
  }}
}}
"""


def setup_network(workdir):
    """Namespace, tap with the host address, nginx, tftpd and a silent listener."""
    subprocess.run(["ip", "netns", "add", NS], check=True)
    ns("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
       "net.ipv6.conf.default.disable_ipv6=1")
    ns("ip", "link", "set", "lo", "up")
    ns("ip", "tuntap", "add", "dev", TAP_DEV, "mode", "tap")
    ns("ip", "addr", "add", f"{HOST_IP}/24", "dev", TAP_DEV)
    ns("ip", "link", "set", TAP_DEV, "up")
    for sub in ("www", "www/slow", "tftp"):
        os.makedirs(os.path.join(workdir, sub), exist_ok=True)
    os.chmod(workdir, 0o755)
    with open(os.path.join(workdir, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(dir=workdir, ip=HOST_IP))
    ns("nginx", "-c", os.path.join(workdir, "nginx.conf"), "-g", "daemon on;")
    ns("in.tftpd", "--listen", "--address", f"{HOST_IP}:69", "--user", "root",
       "--secure", os.path.join(workdir, "tftp"), "--pidfile",
       os.path.join(workdir, "tftpd.pid"))
    silent = subprocess.Popen(["ip", "netns", "exec", NS, sys.executable,
                               os.path.abspath(__file__), "--silent-server",
                               HOST_IP, "8080"], stdin=subprocess.DEVNULL)
    return silent


def teardown_network(workdir, silent):
    for pidfile in ("nginx.pid", "tftpd.pid"):
        try:
            with open(os.path.join(workdir, pidfile)) as f:
                os.kill(int(f.read().split()[0]), signal.SIGTERM)
        except (OSError, ValueError, IndexError):
            pass
    if silent:
        silent.terminate()
        silent.wait()
    subprocess.run(["ip", "netns", "delete", NS], stdin=subprocess.DEVNULL,
                   capture_output=True)


def silent_server(addr, port):
    """Accept TCP connections and never answer (for --timeout)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((addr, int(port)))
    sock.listen(8)
    held = []
    while True:
        conn, _ = sock.accept()
        held.append(conn)


def write_file(path, size, seed):
    """A file of SIZE pseudo-random bytes; returns its contents."""
    data = hashlib.shake_256(seed.encode()).digest(size)
    with open(path, "wb") as f:
        f.write(data)
    return data


NET_PREFIX = f"""#!ipxe
set net0/ip {WB_IP}
set net0/netmask 255.255.255.0
ifopen net0
"""


def opener_missing(out, scheme):
    return f"{scheme}://{HOST_IP}/" in out and "Operation not supported (uri)" in out


def test_http(workdir):
    small = write_file(os.path.join(workdir, "www", "small.bin"), 300000, "small")
    big = write_file(os.path.join(workdir, "www", "big.bin"), 32 << 20, "big")
    want_small = digests(small)
    want_big = digests(big)
    url = f"http://{HOST_IP}"
    script = NET_PREFIX + f"""imgfetch {url}/small.bin || echo FETCH-FAILED
sha256sum small.bin
md5sum small.bin
imgfetch --name kern {url}/small.bin console=ttyS0 quiet || echo NAMED-FAILED
imgstat kern
imgfetch {url}/missing.bin || echo MISSING-FAILED
imgfetch {url}/big.bin || echo BIG-FAILED
sha256sum big.bin
sha1sum {url}/small.bin?again=1
imgfetch --timeout 1500 http://{HOST_IP}:8080/never.bin || echo TIMEOUT-FAILED
echo DONE
"""
    status, raw = run_script(script, workdir, net=True)
    out = final_text(raw)
    if opener_missing(out, "http"):
        for name in ("http-fetch", "http-name-args", "http-404", "http-progress",
                     "http-digest-uri", "http-timeout"):
            skip(name, "no http opener in this build")
        return
    report(f"{url}/small.bin... ok\n" in out and
           f"{want_small['sha256']}  small.bin\n" in out and
           f"{want_small['md5']}  small.bin\n" in out, "http-fetch", out)
    report(f'kern : {len(small)} bytes "console=ttyS0 quiet"\n' in out,
           "http-name-args", out)
    match = re.search(rf"^{re.escape(url)}/missing\.bin\.\.\. (.*)\nMISSING-FAILED$",
                      out, re.MULTILINE)
    report(match is not None and "(http)" in match.group(1), "http-404", out)
    # The big one: progress redrawn with '\r', then the total and the rate.
    progress = re.search(rf"\r{re.escape(url)}/big\.bin\.\.\. [0-9.]+ [KMG]?i?B / "
                         r"32\.0 MiB \(\d+%\) [0-9.]+ [KMG]?i?B/s", raw)
    done = re.search(rf"^{re.escape(url)}/big\.bin\.\.\. (ok 32\.0 MiB in [0-9.]+ s "
                     r"\([0-9.]+ [KMG]?i?B/s\)|ok)$", out, re.MULTILINE)
    report(done is not None and f"{want_big['sha256']}  big.bin\n" in out and
           (progress is not None or done.group(1) == "ok"), "http-progress", out)
    # A URI that names no loaded image is fetched first (replacing small.bin).
    report(f"{url}/small.bin?again=1... ok\n{want_small['sha1']}  small.bin\n"
           in out, "http-digest-uri", out)
    report(f"http://{HOST_IP}:8080/never.bin... Connection timed out (image)\n"
           "TIMEOUT-FAILED" in out and status == 0 and "DONE" in out,
           "http-timeout", f"status {status}\n{out}")


def test_ctrl_c(workdir):
    write_file(os.path.join(workdir, "www", "slow", "slow.bin"), 8 << 20, "slow")
    url = f"http://{HOST_IP}/slow/slow.bin"
    run = Run(NET_PREFIX + f"imgfetch {url} || echo CANCELLED\nimgstat\necho DONE\n",
              workdir, name="ctrlc.ipxe", net=True)
    # Wait for a progress report (bytes are flowing), then press Ctrl-C.
    flowing = run.read_until(rb"\r[^\r\n]*slow\.bin\.\.\. [0-9.]+ [KMG]?i?B / ", 60)
    if flowing:
        run.type(b"\x03")
    status, raw = run.finish()
    out = final_text(raw)
    if opener_missing(out, "http"):
        skip("ctrl-c", "no http opener in this build")
        return
    report(flowing and f"{url}... Operation canceled (image)\nCANCELLED\n" in out and
           "slow.bin :" not in out and status == 0 and "DONE" in out,
           "ctrl-c", f"status {status}\n{out}")


def test_tftp(workdir):
    data = write_file(os.path.join(workdir, "tftp", "boot.img"), 200000, "tftp")
    os.chmod(os.path.join(workdir, "tftp", "boot.img"), 0o644)
    want = digests(data)
    url = f"tftp://{HOST_IP}"
    script = NET_PREFIX + f"""imgfetch {url}/boot.img || echo FETCH-FAILED
sha256sum boot.img
module --name mod {url}/boot.img arg || echo MODULE-FAILED
imgstat mod
imgfetch {url}/missing.img || echo MISSING-FAILED
echo DONE
"""
    status, raw = run_script(script, workdir, name="tftp.ipxe", net=True)
    out = final_text(raw)
    if opener_missing(out, "tftp"):
        for name in ("tftp-fetch", "tftp-module", "tftp-missing"):
            skip(name, "no tftp opener in this build")
        return
    report(f"{url}/boot.img... ok\n" in out and
           f"{want['sha256']}  boot.img\n" in out, "tftp-fetch", out)
    report(f'mod : {len(data)} bytes "arg"\n' in out, "tftp-module", out)
    match = re.search(rf"^{re.escape(url)}/missing\.img\.\.\. (.*)\nMISSING-FAILED$",
                      out, re.MULTILINE)
    report(match is not None and "(tftp)" in match.group(1) and status == 0,
           "tftp-missing", f"status {status}\n{out}")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--silent-server":
        silent_server(sys.argv[2], sys.argv[3])
        return 0
    if not os.access(WIREBOOT, os.X_OK):
        print(f"not ok - imgfetch/binary: {WIREBOOT} not built", flush=True)
        return 1
    workdir = tempfile.mkdtemp(prefix="wbt-imgfetch-")
    try:
        test_local(workdir)
        net_cases = ["http-fetch", "http-name-args", "http-404", "http-progress",
                     "http-digest-uri", "http-timeout", "ctrl-c", "tftp-fetch",
                     "tftp-module", "tftp-missing"]
        if os.geteuid() != 0 or not os.path.exists("/dev/net/tun"):
            for name in net_cases:
                skip(name, "needs root and /dev/net/tun")
        elif not shutil.which("nginx") or not shutil.which("in.tftpd"):
            for name in net_cases:
                skip(name, "needs nginx and in.tftpd")
        else:
            silent = None
            try:
                silent = setup_network(workdir)
                test_http(workdir)
                test_ctrl_c(workdir)
                test_tftp(workdir)
            finally:
                teardown_network(workdir, silent)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
