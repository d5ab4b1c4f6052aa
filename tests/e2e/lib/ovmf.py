"""Running EFI images under OVMF (QEMU q35, TCG), shared by the EFI e2e
tests: OVMF's code read-only with a private copy of its variables, an ESP
made with mtools holding an app as \\EFI\\BOOT\\BOOTX64.EFI on a virtio
disk first in the boot order, the wireboot shell on OVMF's serial
console, and GPT disk images with an EFI system partition (for SAN boot).

    args = ovmf.esp_args(tmp, "bin-x86_64-efi/wireboot.efi") + [...]
    with Qemu(args, timeout=120) as vm:
        ovmf.enter_shell(vm) and ovmf.run(vm, "echo hi", r"^hi\\r?$")
"""
import os
import shutil
import subprocess

from qemu import available

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
BANNER = r"wireboot \S+ \(efi\)"
# OVMF under TCG takes several seconds to reach the boot manager.
BANNER_SECONDS = 40
PROMPT = "Press Ctrl-B for the wireboot shell"
SHELL_PROMPT = "wireboot> "


def missing_tools():
    """Why the OVMF tests cannot run here, or None."""
    why = available()
    if why:
        return why
    for tool in ("mkfs.fat", "mmd", "mcopy", "objdump"):
        if not shutil.which(tool):
            return f"{tool} not found"
    for path in (OVMF_CODE, OVMF_VARS):
        if not os.path.exists(path):
            return f"{path} not found (package ovmf)"
    return None


def make_esp(tmp, app):
    """A FAT image holding APP as \\EFI\\BOOT\\BOOTX64.EFI; returns its path."""
    esp = os.path.join(tmp, "esp.img")
    for argv in (["mkfs.fat", "-C", esp, "8192"],
                 ["mmd", "-i", esp, "::/EFI", "::/EFI/BOOT"],
                 ["mcopy", "-i", esp, app, "::/EFI/BOOT/BOOTX64.EFI"]):
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return esp


def ovmf_args(tmp):
    """q35 with OVMF's code (read-only) and a private copy of its variables."""
    nvram = os.path.join(tmp, "vars.fd")
    shutil.copyfile(OVMF_VARS, nvram)
    return ["-machine", "q35",
            "-drive", f"if=pflash,format=raw,unit=0,readonly=on,file={OVMF_CODE}",
            "-drive", f"if=pflash,format=raw,unit=1,file={nvram}"]


def esp_args(tmp, app):
    """OVMF booting APP from an ESP on a virtio disk, first in the boot order."""
    esp = make_esp(tmp, app)
    return ovmf_args(tmp) + [
        "-drive", f"if=none,id=esp,format=raw,file={esp}",
        "-device", "virtio-blk-pci,drive=esp,bootindex=0"]


def enter_shell(vm):
    """Wait for the Ctrl-B offer, take it, and wait for the shell prompt."""
    if not vm.expect(PROMPT, BANNER_SECONDS):
        return False
    vm.send("\x02")
    return vm.expect(SHELL_PROMPT, 15) is not None


def run(vm, command, pattern, timeout=15):
    """Type COMMAND; the match of PATTERN in what follows, or None."""
    vm.send(command + "\r")
    return vm.expect(pattern, timeout)


ESP_TYPE = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"


def gpt_esp_disk(tmp, name, files, label, part_uuid, size_mb=64):
    """A SIZE_MB GPT disk image NAME.img whose one partition (1 MiB up to
    1 MiB before the end) is an EFI system partition with unique GUID
    PART_UUID, holding a FAT file system labelled LABEL with FILES
    ({path on the ESP: host path}, directories made as needed)."""
    disk = os.path.join(tmp, f"{name}.img")
    part = os.path.join(tmp, f"{name}-esp.img")
    sectors = (size_mb - 2) << 11
    with open(disk, "wb") as f:
        f.truncate(size_mb << 20)
    subprocess.run(["sfdisk", "-q", disk], check=True, capture_output=True,
                   input=(f"label: gpt\nstart=2048, size={sectors}, "
                          f"type={ESP_TYPE}, uuid={part_uuid}\n").encode())
    with open(part, "wb") as f:
        f.truncate(sectors * 512)
    subprocess.run(["mkfs.fat", "-n", label, part], check=True,
                   capture_output=True)
    dirs = sorted({os.path.dirname(p) for p in files} - {"", "/"})
    made = set()
    for d in dirs:
        parts = d.strip("/").split("/")
        for i in range(1, len(parts) + 1):
            sub = "/".join(parts[:i])
            if sub not in made:
                subprocess.run(["mmd", "-i", part, "::/" + sub], check=True,
                               capture_output=True)
                made.add(sub)
    for dest, src in files.items():
        subprocess.run(["mcopy", "-i", part, src, "::/" + dest.strip("/")],
                       check=True, capture_output=True)
    with open(part, "rb") as src, open(disk, "r+b") as dst:
        dst.seek(2048 * 512)
        shutil.copyfileobj(src, dst)
    os.unlink(part)
    return disk
