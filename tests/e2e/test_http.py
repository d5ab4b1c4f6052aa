#!/usr/bin/env python3
"""TCP and the HTTP client end to end: wireboot (hosted, --netdev packet on
one end of a veth pair) fetches files with imgfetch from nginx and from a
small Python endpoint (Digest authentication, chunked and close-delimited
bodies) in a private network namespace, and checks them with sha256sum
against the files served.  Covers keep-alive reuse (nginx's $connection in
the access log), redirects, Basic and Digest authentication, status errors,
a refused port, an unreachable server, a 256 MiB file, and an 8 MiB file
over a link with loss, reordering, duplication and delay (netem).  Range
requests (http_open_range(), which no command uses yet) are tested in
tests/unit/http_client_test.c.
Prints TAP lines "ok - http/..."; needs root and skips otherwise.

The kernel here has no netem qdisc, so the lossy link is made by this file
run as "test_http.py --impair CLIENT_IFACE SERVER_IFACE": a user-space
bridge that passes frames between two interfaces, and on the way from the
server to the client drops 5%, duplicates 2%, delays the rest by 5 ms and
sends 10% at once (so they overtake the delayed ones), as "tc qdisc add dev
PEER root netem loss 5% reorder 10% duplicate 2% delay 5ms" would.

Run as "test_http.py --server ADDR PORT DIR" it is the dynamic endpoint:
  /digest/NAME    NAME from DIR behind Digest (MD5, qop=auth) as alice:secret
  /chunked/NAME   NAME with Transfer-Encoding: chunked, in chunks of odd sizes
  /close/NAME     NAME as HTTP/1.0 with no length (the close ends the body)
"""
import hashlib
import heapq
import http.server
import os
import random
import re
import secrets
import select
import shutil
import socket
import socketserver
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib.tap import Tap  # noqa: E402
from lib.netns import Namespace, python, skip_reason  # noqa: E402

CASES = ["plain", "keepalive-reuse", "redirect-301", "redirect-302-absolute",
         "redirect-307-relative", "redirect-308", "redirect-loop",
         "not-found", "basic-auth-uri", "basic-auth-settings",
         "basic-auth-missing", "basic-auth-wrong", "digest-auth", "chunked",
         "until-close", "refused", "unreachable", "large-256m", "netem-8m"]

WB_IP = "10.77.0.2"
PEER_IP = "10.77.0.1"
UNUSED_IP = "10.77.0.99"
# The lossy link: wireboot on wbnet1, the bridge between wbpeer1 and
# wbnet2, the kernel on wbpeer2.
LOSSY_WB_IP = "10.88.0.2"
LOSSY_PEER_IP = "10.88.0.1"
DYN_PORT = 8080
REALM = "wireboot-test"

CONFIGURE = f"""ifopen net0
set net0/ip {WB_IP}
set net0/netmask 255.255.255.0
"""

NGINX_CONF = """worker_processes 1;
error_log {tmp}/nginx-error.log;
pid {tmp}/nginx.pid;
events {{ worker_connections 64; }}
http {{
    log_format conn '$connection $status $request_uri';
    access_log {tmp}/access.log conn;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_timeout 60;
    server {{
        listen {addr}:80;
        listen {lossy_addr}:80;
        root {www};
        location = /r301 {{ return 301 /small.bin; }}
        location = /r302 {{ return 302 http://{addr}/small.bin; }}
        location = /dir/r307 {{ return 307 ../small.bin; }}
        location = /r308 {{ return 308 /dir/r307; }}
        location = /loop {{ return 302 /loop; }}
        location /protected/ {{
            auth_basic "{realm}";
            auth_basic_user_file {tmp}/htpasswd;
        }}
    }}
}}
"""

tap = Tap("http")


class Endpoint(http.server.BaseHTTPRequestHandler):
    """The dynamic endpoint (see the module docstring)."""
    protocol_version = "HTTP/1.1"
    directory = "."
    nonce = secrets.token_hex(16)

    def log_message(self, *args):
        pass

    def _file(self, name):
        path = os.path.join(self.directory, os.path.basename(name))
        with open(path, "rb") as f:
            return f.read()

    def _digest_ok(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Digest "):
            return False
        params = dict(re.findall(r'(\w+)="?([^",]*)"?', header[7:]))
        ha1 = hashlib.md5(f"alice:{REALM}:secret".encode()).hexdigest()
        ha2 = hashlib.md5(f"GET:{params.get('uri', '')}".encode()).hexdigest()
        want = hashlib.md5(":".join([
            ha1, self.nonce, params.get("nc", ""), params.get("cnonce", ""),
            params.get("qop", ""), ha2]).encode()).hexdigest()
        return (params.get("username") == "alice" and
                params.get("qop") == "auth" and params.get("uri") == self.path
                and params.get("response") == want)

    def do_GET(self):
        kind, _, name = self.path.lstrip("/").partition("/")
        try:
            body = self._file(name)
        except OSError:
            self.send_error(404)
            return
        if kind == "digest":
            if not self._digest_ok():
                self.send_response(401)
                self.send_header("WWW-Authenticate",
                                 f'Digest realm="{REALM}", qop="auth", '
                                 f'nonce="{self.nonce}", opaque="xyz", '
                                 'algorithm=MD5')
                self.send_header("Content-Length", "4")
                self.end_headers()
                self.wfile.write(b"no!\n")
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif kind == "chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            pos, size = 0, 1
            while pos < len(body):
                piece = body[pos:pos + size]
                self.wfile.write(b"%x;ext=1\r\n" % len(piece) + piece + b"\r\n")
                pos += len(piece)
                size = size * 7 % 40000 + 1
            self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")
        elif kind == "close":
            self.protocol_version = "HTTP/1.0"
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = True
        else:
            self.send_error(404)


def serve(addr, port, directory):
    """Run the dynamic endpoint until killed."""
    Endpoint.directory = directory
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer((addr, port), Endpoint) as server:
        server.daemon_threads = True
        server.serve_forever()


# Linux's SOL_PACKET and PACKET_IGNORE_OUTGOING (not in the socket module).
SOL_PACKET = 263
PACKET_IGNORE_OUTGOING = 23


def impair(client_if, server_if):
    """Bridge CLIENT_IF and SERVER_IF, impairing server-to-client frames."""
    rng = random.Random(1234)
    socks = {}
    for name in (client_if, server_if):
        sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                             socket.htons(0x0003))
        sock.bind((name, 0))
        sock.setsockopt(SOL_PACKET, PACKET_IGNORE_OUTGOING, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        socks[name] = sock
    to_client, to_server = socks[client_if], socks[server_if]
    pending = []
    order = 0
    while True:
        now = time.monotonic()
        while pending and pending[0][0] <= now:
            to_client.send(heapq.heappop(pending)[2])
        timeout = max(0.0, pending[0][0] - now) if pending else 1.0
        ready, _, _ = select.select([to_client, to_server], [], [], timeout)
        for sock in ready:
            frame = sock.recv(65536)
            if sock is to_client:
                to_server.send(frame)
                continue
            roll = rng.random()
            if roll < 0.05:
                continue
            copies = 2 if rng.random() < 0.02 else 1
            for _ in range(copies):
                if rng.random() < 0.10:
                    to_client.send(frame)
                else:
                    order += 1
                    heapq.heappush(pending, (time.monotonic() + 0.005, order,
                                             frame))


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def digest_line(out, name):
    """The digest sha256sum printed for image NAME, or None."""
    match = re.search(rf"^([0-9a-f]{{64}})  {re.escape(name)}$", out, re.M)
    return match.group(1) if match else None


def make_files(tmp):
    """The served tree; returns {name: sha256}."""
    www = os.path.join(tmp, "www")
    # nginx's workers (not root) must be able to read what they serve.
    os.chmod(tmp, 0o755)
    os.makedirs(os.path.join(www, "protected"))
    os.makedirs(os.path.join(www, "dir"))
    sizes = {"small.bin": 3000, "mid.bin": 8 << 20, "big.bin": 256 << 20}
    sums = {}
    for name, size in sizes.items():
        path = os.path.join(www, name)
        with open(path, "wb") as f:
            f.write(os.urandom(size))
        sums[name] = sha256_of(path)
    shutil.copy(os.path.join(www, "small.bin"),
                os.path.join(www, "protected", "secret.bin"))
    return www, sums


def start_servers(ns, tmp, www):
    """nginx on PEER_IP:80 and the dynamic endpoint on PEER_IP:DYN_PORT."""
    hashed = subprocess.run(["openssl", "passwd", "-apr1", "secret"],
                            capture_output=True, text=True, check=True).stdout
    with open(os.path.join(tmp, "htpasswd"), "w") as f:
        f.write(f"alice:{hashed.strip()}\n")
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(tmp=tmp, www=www, addr=PEER_IP,
                                  lossy_addr=LOSSY_PEER_IP, realm=REALM))
    ns.start(["nginx", "-c", conf, "-p", tmp, "-g", "daemon off;"],
             ready_port=80)
    ns.start([python(), os.path.abspath(__file__), "--server", PEER_IP,
              str(DYN_PORT), www], ready_port=DYN_PORT)


def access_log(tmp):
    """(connection, status, uri) per request nginx logged."""
    try:
        with open(os.path.join(tmp, "access.log")) as f:
            return [line.split() for line in f if line.strip()]
    except OSError:
        return []


def test_fetches(ns, tmp, sums):
    """Everything but the large and lossy fetches, in one wireboot run."""
    url = f"http://{PEER_IP}"
    dyn = f"http://{PEER_IP}:{DYN_PORT}"
    wb = ns.wireboot(CONFIGURE + f"""imgfetch {url}/small.bin || echo FAIL-plain
imgfetch --name again.bin {url}/small.bin || echo FAIL-again
sha256sum small.bin again.bin
imgfetch --name r301.bin {url}/r301 || echo FAIL-301
imgfetch --name r302.bin {url}/r302 || echo FAIL-302
imgfetch --name r307.bin {url}/dir/r307 || echo FAIL-307
imgfetch --name r308.bin {url}/r308 || echo FAIL-308
sha256sum r301.bin r302.bin r307.bin r308.bin
imgfetch {url}/loop || echo LOOP-FAILED
imgfetch {url}/nosuch.bin || echo NOTFOUND-FAILED
imgfetch --name uri-auth.bin http://alice:secret@{PEER_IP}/protected/secret.bin || echo FAIL-uri-auth
imgfetch --name noauth.bin {url}/protected/secret.bin || echo NOAUTH-FAILED
set username alice
set password wrong
imgfetch --name wrongauth.bin {url}/protected/secret.bin || echo WRONGAUTH-FAILED
set password secret
imgfetch --name set-auth.bin {url}/protected/secret.bin || echo FAIL-set-auth
clear username
clear password
imgfetch --name digest.bin http://alice:secret@{PEER_IP}:{DYN_PORT}/digest/small.bin || echo FAIL-digest
imgfetch --name chunked.bin {dyn}/chunked/mid.bin || echo FAIL-chunked
imgfetch --name close.bin {dyn}/close/small.bin || echo FAIL-close
sha256sum uri-auth.bin set-auth.bin digest.bin chunked.bin close.bin
imgfetch {url}:81/x.bin || echo REFUSED-FAILED
imgfetch http://{UNUSED_IP}/x.bin || echo UNREACH-FAILED
echo DONE
""")
    # A hang guard, not a timing check: the SYN gives up after about 15 s.
    wb.wait_for("DONE", timeout=120)
    status = wb.finish(timeout=30)
    out = wb.output()
    small = sums["small.bin"]
    log = access_log(tmp)

    tap.report(digest_line(out, "small.bin") == small and
               "FAIL-plain" not in out, "plain", out)
    # The two fetches of small.bin went over one connection.
    conns = [entry[0] for entry in log if len(entry) == 3 and
             entry[2] == "/small.bin" and entry[1] == "200"]
    tap.report(digest_line(out, "again.bin") == small and len(conns) >= 2 and
               conns[0] == conns[1], "keepalive-reuse",
               f"connections {conns}\n{out}")
    for case, name in (("redirect-301", "r301.bin"),
                       ("redirect-302-absolute", "r302.bin"),
                       ("redirect-307-relative", "r307.bin"),
                       ("redirect-308", "r308.bin")):
        tap.report(digest_line(out, name) == small, case, out)
    tap.report("LOOP-FAILED" in out and
               "Too many levels of redirection (http)" in out,
               "redirect-loop", out)
    tap.report("NOTFOUND-FAILED" in out and
               "No such file or directory (http)" in out, "not-found", out)
    tap.report(digest_line(out, "uri-auth.bin") == small, "basic-auth-uri", out)
    tap.report(digest_line(out, "set-auth.bin") == small,
               "basic-auth-settings", out)
    tap.report("NOAUTH-FAILED" in out and "Permission denied (http)" in out,
               "basic-auth-missing", out)
    tap.report("WRONGAUTH-FAILED" in out and
               "Authentication failed (http)" in out, "basic-auth-wrong", out)
    tap.report(digest_line(out, "digest.bin") == small, "digest-auth", out)
    tap.report(digest_line(out, "chunked.bin") == sums["mid.bin"],
               "chunked", out)
    tap.report(digest_line(out, "close.bin") == small, "until-close", out)
    # Refused at once by the RST, not after the SYN timeout.
    tap.report("REFUSED-FAILED" in out and
               f"{url}:81/x.bin... Connection refused (tcp)" in out,
               "refused", out)
    tap.report("UNREACH-FAILED" in out and
               f"http://{UNUSED_IP}/x.bin... Connection timed out (tcp)" in out,
               "unreachable", out)
    if status != 0 or "DONE" not in out:
        tap.report(False, "script-end", f"status {status}\n{out}")


def test_large(ns, sums):
    """256 MiB byte-exact (the size the issue names)."""
    wb = ns.wireboot(CONFIGURE + f"""imgfetch http://{PEER_IP}/big.bin || echo FAIL-big
sha256sum big.bin
imgfree big.bin
""")
    wb.finish(timeout=300)
    out = wb.output()
    tap.report(digest_line(out, "big.bin") == sums["big.bin"], "large-256m",
               out[-2000:])


def test_netem(ns, sums):
    """8 MiB byte-exact with loss, reordering, duplication and delay."""
    wb = ns.wireboot(f"""ifopen net0
set net0/ip {LOSSY_WB_IP}
set net0/netmask 255.255.255.0
imgfetch http://{LOSSY_PEER_IP}/mid.bin || echo FAIL-mid
sha256sum mid.bin
""", netdevs=("packet:wbnet1",))
    wb.finish(timeout=300)
    out = wb.output()
    tap.report(digest_line(out, "mid.bin") == sums["mid.bin"], "netem-8m",
               out[-2000:])


def make_lossy_link(ns):
    """wbnet1 (wireboot) - wbpeer1 = bridge = wbnet2 - wbpeer2 (kernel)."""
    client = ns.veth(peer_addr=None)
    server = ns.veth(peer_addr=f"{LOSSY_PEER_IP}/24")
    for ifname in (client.peer, server.wireboot, server.peer):
        ns.run("ethtool", "-K", ifname, "tx", "off", "tso", "off", "gso",
               "off", "gro", "off", check=False)
    ns.start([python(), os.path.abspath(__file__), "--impair", client.peer,
              server.wireboot])


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--server":
        serve(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return 0
    if len(sys.argv) == 4 and sys.argv[1] == "--impair":
        impair(sys.argv[2], sys.argv[3])
        return 0
    why = skip_reason(tools=("ip", "nginx", "openssl", "ethtool"))
    if why:
        for case in CASES:
            tap.skip(case, why)
        return 0
    try:
        with Namespace("http") as ns:
            link = ns.veth(peer_addr=f"{PEER_IP}/24")
            # Frames from the kernel must carry complete checksums.
            ns.run("ethtool", "-K", link.peer, "tx", "off", check=False)
            make_lossy_link(ns)
            www, sums = make_files(ns.tmpdir)
            start_servers(ns, ns.tmpdir, www)
            test_fetches(ns, ns.tmpdir, sums)
            test_large(ns, sums)
            test_netem(ns, sums)
    except (RuntimeError, OSError, subprocess.SubprocessError) as err:
        tap.report(False, "setup", err)
    return 1 if tap.failures else 0


if __name__ == "__main__":
    sys.exit(main())
