"""Encryption at rest for personal data, and blind indexes to find it without decrypting.

Keys come from the environment (DATA_ENCRYPTION_KEY, DATA_INDEX_KEY) or, for a local
instance, from files generated once in DATA_DIR. Losing the encryption key loses the data:
production keeps it in its secret store and its backups.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from .text import fold


def _key_from(name: str, make: bytes) -> bytes:
    if value := os.environ.get(name):
        return value.encode()
    path = Path(settings.DATA_DIR) / name.lower()
    if not path.exists():
        # Several processes and threads may start at once on a fresh data directory: each
        # writes its candidate apart and links it into place, which only the first can do, and
        # all of them then read the one key that won (a whole file, never a half-written one).
        candidate = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
        fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(make)
            with contextlib.suppress(FileExistsError):
                os.link(candidate, path)
        finally:
            candidate.unlink(missing_ok=True)
    return path.read_bytes().strip()


@cache
def _fernet() -> MultiFernet:
    # Several comma-separated keys: the first encrypts, all decrypt (key rotation).
    keys = _key_from("DATA_ENCRYPTION_KEY", Fernet.generate_key()).split(b",")
    return MultiFernet([Fernet(k.strip()) for k in keys if k.strip()])


@cache
def _index_key() -> bytes:
    return _key_from("DATA_INDEX_KEY", base64.urlsafe_b64encode(os.urandom(32)))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong or rotated-away key: say so, never return garbage
        raise ValueError("personal data cannot be decrypted with the configured keys") from exc


def blind_index(value: str, *, kind: str) -> str:
    """A keyed hash of a normalized value (phone, e-mail, ID number) for exact matching.

    Equal values give equal digests; the digest reveals nothing without the index key.
    """
    normalized = "".join(fold(value).split())
    if kind == "phone":
        digits = "".join(ch for ch in normalized if ch.isdigit())
        normalized = "0" + digits[2:] if digits.startswith("84") else digits
    if not normalized:
        return ""
    return hmac.new(_index_key(), f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()
