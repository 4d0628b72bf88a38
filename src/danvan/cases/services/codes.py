"""Tracking codes and secrets: what a citizen types back to follow a matter."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils import timezone

# Crockford's base32 without I, L, O, U: nothing a citizen can misread when typing it back.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def random_code(n: int) -> str:
    # 32 letters: the low five bits of a random byte pick one uniformly, and the n bytes come
    # from one call to the OS rather than one per letter.
    return "".join(ALPHABET[b & 31] for b in secrets.token_bytes(n))


def secret_for(idempotency_key: str | None) -> str:
    """A retried submission must show the same secret, yet only its digest is stored: derive
    it from the key with the server's secret. Without a key, a random one."""
    if not idempotency_key:
        return random_code(10)
    mac = hmac.new(settings.SECRET_KEY.encode(), idempotency_key.encode(), hashlib.sha256)
    number = int.from_bytes(mac.digest()[:8], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(10))


def tracking_code(received_at: dt.datetime) -> str:
    return f"DV{timezone.localtime(received_at):%y%m}{random_code(6)}"


def access_digest(tracking_code: str, secret: str) -> str:
    return hashlib.sha256(f"{tracking_code}:{secret.strip().upper()}".encode()).hexdigest()
