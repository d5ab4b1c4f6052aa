#!/usr/bin/env python3
"""A menu on a real serial line: the BIOS build (bin/wireboot.lkrn under
QEMU, an -initrd script) draws a "choose" menu on COM1, keys typed on COM1
move the selection and choose, and a menu with a timeout shows its
countdown and takes the default.  The same menu must appear on the VGA
text screen (read from guest memory), with the selection in reverse video.
Prints TAP lines "ok - menu-serial/...".
"""
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "lib"))
from tap import Tap  # noqa: E402
from qemu import Qemu, available  # noqa: E402

LKRN = os.path.join(ROOT, "bin", "wireboot.lkrn")
RUN_SECONDS = 60
SCRIPT = """#!ipxe
menu Serial test menu
item --gap -- Choices:
item first First choice
item second Second choice
item --key t third Third choice
choose target || goto cancelled
echo chose-${target}
menu Countdown menu
item alpha Alpha
item beta Beta
choose --default beta --timeout 2000 target && echo timed-${target}
poweroff
:cancelled
echo menu-cancelled
poweroff
"""
VGA_TEXT = 0xB8000
VGA_COLS, VGA_ROWS = 80, 25
VGA_REVERSE = 0x70
TAP = Tap("menu-serial", last_lines=30, quote=True)
report = TAP.report
skip = TAP.skip


def vga_rows(vm):
    """The VGA text screen as (text, attributes) per row."""
    cells = vm.read_memory(VGA_TEXT, VGA_COLS * VGA_ROWS * 2)
    rows = []
    for row in range(VGA_ROWS):
        line = cells[row * VGA_COLS * 2:(row + 1) * VGA_COLS * 2]
        rows.append((line[::2].decode("latin-1"), line[1::2]))
    return rows


def vga_menu_drawn(vm):
    """Is the menu on the VGA screen, its title alone, "First choice" reversed?"""
    rows = vga_rows(vm)
    title = any(text.strip() == "Serial test menu" for text, _ in rows)
    selected = [attrs[text.index("First choice")] for text, attrs in rows
                if "First choice" in text]
    return title and selected == [VGA_REVERSE], "\n".join(t for t, _ in rows)


def main():
    why = available() or (None if os.path.exists(LKRN) else f"{LKRN} not built")
    if why:
        print(f"ok - menu-serial/choose # SKIP {why}", flush=True)
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".ipxe") as script:
        script.write(SCRIPT)
        script.flush()
        with Qemu(["-net", "none", "-kernel", LKRN, "-initrd", script.name],
                  timeout=RUN_SECONDS, monitor=True) as vm:
            # The title, then the first selectable item in reverse video.
            drawn = (vm.expect(r"Serial test menu", 20) is not None and
                     vm.expect(re.escape("\x1b[7mFirst choice"), 5) is not None)
            report(drawn, "menu-drawn", vm.output)
            on_vga, screen = vga_menu_drawn(vm)
            report(on_vga, "menu-drawn-on-vga", screen)
            vm.send("\x1b[B")
            moved = vm.expect(re.escape("\x1b[7mSecond choice"), 10) is not None
            report(moved, "menu-down-key", vm.output)
            vm.send("\r")
            chosen = vm.expect(r"chose-second\r?\n", 10) is not None
            report(chosen, "menu-enter-chooses", vm.output)
            countdown = (vm.expect(r"Automatic selection in 2 s", 10) is not None
                         and vm.expect(r"Automatic selection in 1 s", 5)
                         is not None)
            report(countdown, "menu-countdown", vm.output)
            timed = vm.expect(r"timed-beta\r?\n", 10) is not None
            report(timed, "menu-timeout-default", vm.output)
            status = vm.wait(20)
            report(status == 0, "menu-poweroff", f"status {status}")
    return TAP.exit_code()


if __name__ == "__main__":
    sys.exit(main())
