"""Password-protected zip archives (AES-256, WinZip's AE-2 format, through ``pyzipper``).

7-Zip, WinZip, macOS's Archive Utility (recent) and ``pyzipper`` open them; the legacy
"ZipCrypto" that every tool opens is not used: it is broken.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

import pyzipper

MIN_PASSWORD = 12


def encrypted_zip(members: Mapping[str, bytes], password: str) -> bytes:
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"the password needs at least {MIN_PASSWORD} characters")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(
        buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def members_of(zipped: bytes) -> dict[str, bytes]:
    """The files of a plain zip (ours: an export of several CSV files), to put in an
    encrypted one."""
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}
