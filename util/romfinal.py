#!/usr/bin/env python3
"""Finish a PCI expansion ROM built by arch/x86/prefix/rom.asm: set the PCI
vendor and device IDs in the PCIR structure, pad the image to 512-byte
blocks, write the image length (ROM header and PCIR), a 16-bit hash of
the unfinished image at offset 8 (the ROM's PMM handles, so copies of one
build share PMM blocks and different builds do not), the $PnP header
checksum and the ROM checksum byte (offset 6), so that every byte of the
image sums to 0.  With --max-size, a finished ROM larger than that many
bytes (the flash it must fit) is refused and no OUTPUT is written.

    romfinal.py [--max-size BYTES] INPUT OUTPUT VVVV:DDDD
"""
import os
import struct
import sys
import zlib

BLOCK = 512


def finish(image, vendor, device):
    """Return the finished ROM image (bytes) for VENDOR:DEVICE."""
    rom = bytearray(image)
    if rom[0:2] != b"\x55\xaa":
        raise ValueError("no 55AA signature")
    struct.pack_into("<H", rom, 8, zlib.crc32(image) & 0xffff)
    rom += bytes(-len(rom) % BLOCK)
    blocks = len(rom) // BLOCK
    if blocks > 0xff:
        raise ValueError("image is %d bytes, more than 255 blocks" % len(rom))
    rom[2] = blocks
    pcir = struct.unpack_from("<H", rom, 0x18)[0]
    if rom[pcir:pcir + 4] != b"PCIR":
        raise ValueError("no PCIR structure at %#x" % pcir)
    struct.pack_into("<HH", rom, pcir + 4, vendor, device)
    struct.pack_into("<H", rom, pcir + 0x10, blocks)
    struct.pack_into("<H", rom, pcir + 0x16, blocks)
    pnp = struct.unpack_from("<H", rom, 0x1a)[0]
    if rom[pnp:pnp + 4] != b"$PnP":
        raise ValueError("no $PnP header at %#x" % pnp)
    length = rom[pnp + 5] * 16
    rom[pnp + 9] = 0
    rom[pnp + 9] = -sum(rom[pnp:pnp + length]) & 0xff
    rom[6] = 0
    rom[6] = -sum(rom) & 0xff
    return bytes(rom)


def over_budget(name, size, budget):
    """The refusal for a SIZE-byte ROM NAME over BUDGET bytes, or None."""
    if size <= budget:
        return None
    flash = " (%d KiB flash)" % (budget // 1024) if budget % 1024 == 0 else ""
    return ("%s: %d bytes, %d over the %d-byte budget%s; see docs/media.md "
            "for what takes space" % (name, size, size - budget, budget, flash))


def main():
    args = sys.argv[1:]
    budget = None
    if args[:1] == ["--max-size"] and len(args) > 1:
        budget = int(args[1], 0)
        args = args[2:]
    if len(args) != 3:
        sys.exit(__doc__)
    source, target, ids = args
    vendor, device = (int(x, 16) for x in ids.split(":"))
    with open(source, "rb") as f:
        image = f.read()
    try:
        rom = finish(image, vendor, device)
    except ValueError as e:
        sys.exit("romfinal: %s: %s" % (source, e))
    refusal = budget is not None and over_budget(target, len(rom), budget)
    if refusal:
        if os.path.exists(target):
            os.unlink(target)
        sys.exit("romfinal: " + refusal)
    with open(target, "wb") as f:
        f.write(rom)


if __name__ == "__main__":
    main()
