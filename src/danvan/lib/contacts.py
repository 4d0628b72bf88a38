"""A citizen's phone number and e-mail address, checked the same way wherever they arrive
through a program (the API, Open311); the web form has its own fields."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

# Digits with the usual separators, an optional leading +: "0912 345 678", "+84 912.345.678",
# "(024) 3825 1234". From 8 digits (a landline without its area code) to 15 (E.164's most).
_PHONE = re.compile(r"\+?[0-9 ().-]+")
PHONE_DIGITS = (8, 15)

_email = EmailValidator()


def is_phone(value: str) -> bool:
    if not _PHONE.fullmatch(value):
        return False
    low, high = PHONE_DIGITS
    return low <= sum(c.isdigit() for c in value) <= high


def is_email(value: str) -> bool:
    try:
        _email(value)
    except ValidationError:
        return False
    return True
