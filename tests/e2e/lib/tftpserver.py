#!/usr/bin/env python3
"""A small read-only TFTP server for tests, with RFC 7440 "windowsize".

No TFTP server packaged in Debian 12 negotiates windowsize (tftpd-hpa 5.2
knows blksize, tsize, timeout and utimeout; dnsmasq 2.90 knows blksize,
tsize and timeout), so the windowed path of wireboot's client is tested
against this one.  It serves files from ROOT (RFC 1350 octet read
requests), negotiates blksize (RFC 2348), tsize (RFC 2349) and windowsize
(RFC 7440), and resends from the block after the last ACK when the client
acknowledges early or goes quiet.

    tftpserver.py --root DIR --listen 10.77.0.1 [--port 69]
                  [--options all|no-windowsize|none] [--log FILE]
                  [--max-windowsize N]

--options no-windowsize ignores windowsize (answers with an OACK without
it), --options none ignores every option (plain RFC 1350 DATA);
--max-windowsize agrees to at most N blocks per window (RFC 7440 lets a
server answer with less than was asked).  Each
request is logged as one line: "RRQ <filename> <options> -> <agreed>".
"""
import argparse
import os
import select
import socket
import struct
import threading

RRQ, DATA, ACK, ERROR, OACK = 1, 3, 4, 5, 6
TIMEOUT = 1.0
RETRIES = 5


def parse_rrq(packet):
    """(filename, mode, {option: value}) of a read request."""
    fields = packet[2:].split(b"\0")
    if len(fields) < 3:
        raise ValueError("short request")
    filename, mode = fields[0].decode(), fields[1].decode().lower()
    opts = {}
    rest = fields[2:-1]
    for i in range(0, len(rest) - 1, 2):
        opts[rest[i].decode().lower()] = rest[i + 1].decode()
    return filename, mode, opts


class Transfer(threading.Thread):
    """One read request, served from its own port."""

    def __init__(self, server, client, filename, opts):
        super().__init__(daemon=True)
        self.server = server
        self.client = client
        self.filename = filename
        self.opts = opts
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
        self.sock.bind((server.listen, 0))

    def send_error(self, code, text):
        self.sock.sendto(struct.pack("!HH", ERROR, code) + text.encode() + b"\0",
                         self.client)

    def wait_ack(self):
        """The next ACK from the client (block number), or None on timeout."""
        while True:
            ready, _, _ = select.select([self.sock], [], [], TIMEOUT)
            if not ready:
                return None
            packet, addr = self.sock.recvfrom(65536)
            if addr != self.client:
                continue
            if len(packet) >= 4 and struct.unpack("!H", packet[:2])[0] == ACK:
                return struct.unpack("!H", packet[2:4])[0]
            if len(packet) >= 2 and struct.unpack("!H", packet[:2])[0] == ERROR:
                raise ConnectionAbortedError("client sent ERROR")

    def run(self):
        try:
            self.serve()
        except (ConnectionAbortedError, OSError):
            pass
        finally:
            self.sock.close()

    def serve(self):
        path = os.path.normpath(os.path.join(self.server.root,
                                             self.filename.lstrip("/")))
        if not path.startswith(self.server.root) or not os.path.isfile(path):
            self.server.log(f"RRQ {self.filename} {self.opts} -> not found")
            self.send_error(1, "File not found")
            return
        with open(path, "rb") as f:
            data = f.read()
        blksize, window, agreed = 512, 1, {}
        mode = self.server.options
        if mode != "none":
            if "blksize" in self.opts:
                blksize = max(8, min(int(self.opts["blksize"]), 65464))
                agreed["blksize"] = str(blksize)
            if "tsize" in self.opts:
                agreed["tsize"] = str(len(data))
            if "windowsize" in self.opts and mode == "all":
                window = max(1, min(int(self.opts["windowsize"]),
                                    self.server.max_windowsize))
                agreed["windowsize"] = str(window)
        self.server.log(f"RRQ {self.filename} {self.opts} -> {agreed}")
        nblocks = len(data) // blksize + 1
        if agreed:
            oack = struct.pack("!H", OACK) + b"".join(
                k.encode() + b"\0" + v.encode() + b"\0" for k, v in agreed.items())
            for _ in range(RETRIES):
                self.sock.sendto(oack, self.client)
                ack = self.wait_ack()
                if ack == 0:
                    break
            else:
                return
        acked = 0      # blocks known received (absolute count)
        tries = 0
        while acked < nblocks:
            last = min(acked + window, nblocks)
            for block in range(acked + 1, last + 1):
                chunk = data[(block - 1) * blksize:block * blksize]
                self.sock.sendto(struct.pack("!HH", DATA, block & 0xffff) + chunk,
                                 self.client)
            while True:
                ack = self.wait_ack()
                if ack is None:
                    tries += 1
                    if tries > RETRIES:
                        return
                    break
                # Map the 16-bit ACK into the window just sent; an ACK
                # before its end (a lost block) restarts from there.
                delta = (ack - (acked & 0xffff)) & 0xffff
                if delta <= last - acked:
                    acked += delta
                    tries = 0
                    break


class Server:
    def __init__(self, root, listen, port, options, logfile, max_windowsize):
        self.root = os.path.abspath(root)
        self.max_windowsize = max_windowsize
        self.listen = listen
        self.port = port
        self.options = options
        self.logfile = logfile
        self.lock = threading.Lock()

    def log(self, line):
        if not self.logfile:
            return
        with self.lock, open(self.logfile, "a") as f:
            f.write(line + "\n")

    def run(self):
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((self.listen, self.port))
        while True:
            packet, client = sock.recvfrom(65536)
            if len(packet) < 2 or struct.unpack("!H", packet[:2])[0] != RRQ:
                continue
            try:
                filename, mode, opts = parse_rrq(packet)
            except (ValueError, UnicodeDecodeError):
                continue
            Transfer(self, client, filename, opts).start()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True)
    parser.add_argument("--listen", required=True)
    parser.add_argument("--port", type=int, default=69)
    parser.add_argument("--options", choices=("all", "no-windowsize", "none"),
                        default="all")
    parser.add_argument("--log")
    parser.add_argument("--max-windowsize", type=int, default=65535)
    args = parser.parse_args()
    Server(args.root, args.listen, args.port, args.options, args.log,
           args.max_windowsize).run()


if __name__ == "__main__":
    main()
