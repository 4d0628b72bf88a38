"""Numbers as a Vietnamese officer types and reads them: 3.545 (dots group thousands),
12,5 (a comma starts decimals)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation


def parse_vn_number(raw: object) -> Decimal | None:
    """A number as typed ("3.545", "1 490 000", "12,5") or sent by a program (3545, "12.5"
    with one dot and one to two decimals is read as a decimal, since programs write so);
    None when empty; ValueError when it is not a number."""
    if raw is None or isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int | float):
        text = str(raw)
    else:
        text = str(raw).strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif text.count(".") == 1 and len(text.split(".")[1]) != 3:
            pass  # "12.5": a program's decimal point, not a thousands dot
        else:
            text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value


def format_vn_number(value: Decimal | int | float | None, places: int | None = None) -> str:
    """3545 → "3.545"; 12.5 → "12,5"; trailing zeros dropped unless `places` is given."""
    if value is None:
        return ""
    if isinstance(value, int) and places is None:
        return f"{value:,}".replace(",", ".")  # the common case (counts in tables), quickly
    number = Decimal(str(value))
    if places is not None:
        number = round(number, places)
        text = f"{number:,.{places}f}"
    else:
        number = number.normalize()
        whole = number == number.to_integral()
        text = f"{int(number):,}" if whole else f"{number:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
