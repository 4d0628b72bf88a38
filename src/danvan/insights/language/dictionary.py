"""The domain dictionary (decision 0029): names of bodies, their abbreviations and the names of
places, which segmentation keeps whole ("Ủy_ban_nhân_dân", "Hoàn_Kiếm") and abbreviations
read as the name they stand for ("UBND" is "ủy_ban_nhân_dân"), so that a letter that writes
one and a letter that writes the other say the same words."""

from __future__ import annotations

import unicodedata
from functools import cache

from danvan.lib.text import fold

# Bodies and the phrases of mass-mobilization work that CRF segmentation would cut apart.
BODY_NAMES = (
    "Mặt trận Tổ quốc Việt Nam",
    "Mặt trận Tổ quốc",
    "Ủy ban Mặt trận Tổ quốc",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Tòa án nhân dân",
    "Viện kiểm sát nhân dân",
    "Công an nhân dân",
    "Ban Dân vận",
    "Ban Tuyên giáo và Dân vận",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Hội Liên hiệp Phụ nữ Việt Nam",
    "Hội Liên hiệp Phụ nữ",
    "Hội Nông dân",
    "Hội Cựu chiến binh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "Đoàn Thanh niên",
    "Liên đoàn Lao động",
    "Công đoàn",
    "Thanh tra nhân dân",
    "Ban Giám sát đầu tư của cộng đồng",
    "Ban công tác Mặt trận",
    "Tổ dân phố",
    "Tổ hòa giải",
    "Đảng ủy",
    "Chi bộ",
    "Văn phòng đăng ký đất đai",
    "Bảo hiểm xã hội",
    "Bảo hiểm y tế",
    "Dân vận khéo",
    "nông thôn mới",
    "giải phóng mặt bằng",
    "tái định cư",
    "bồi thường hỗ trợ",
    "giấy chứng nhận quyền sử dụng đất",
    "quyền sử dụng đất",
    "ô nhiễm môi trường",
    "trật tự an toàn giao thông",
    "an ninh trật tự",
    "hộ nghèo",
    "hộ cận nghèo",
    "người có công",
    "nhà Đại đoàn kết",
    "cải cách hành chính",
    "dịch vụ công trực tuyến",
)

# Abbreviations, folded, and the full name they stand for.
ABBREVIATIONS = {
    "ubnd": "Ủy ban nhân dân",
    "hdnd": "Hội đồng nhân dân",
    "mttq": "Mặt trận Tổ quốc",
    "ubmttq": "Ủy ban Mặt trận Tổ quốc",
    "lhpn": "Hội Liên hiệp Phụ nữ",
    "hlhpn": "Hội Liên hiệp Phụ nữ",
    "hnd": "Hội Nông dân",
    "hccb": "Hội Cựu chiến binh",
    "cccb": "Hội Cựu chiến binh",
    "tncs": "Đoàn Thanh niên",
    "ldld": "Liên đoàn Lao động",
    "bhxh": "Bảo hiểm xã hội",
    "bhyt": "Bảo hiểm y tế",
    "gpmb": "giải phóng mặt bằng",
    "tdc": "tái định cư",
    "gcn": "giấy chứng nhận quyền sử dụng đất",
    "qsdd": "quyền sử dụng đất",
    "ntm": "nông thôn mới",
    "attt": "an ninh trật tự",
    "tttt": "trật tự an toàn giao thông",
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
}

MAX_PHRASE = 8  # syllables in the longest entry that is looked up


def token(phrase: str) -> str:
    """A phrase as one token: lower case, syllables joined by "_"."""
    return "_".join(phrase.lower().split())


def key(syllables: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(fold(s) for s in syllables)


def exact(syllables: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", s.lower()) for s in syllables)


def _entries(phrases: list[str]) -> dict[tuple[str, ...], str]:
    """Two keys per phrase: its syllables as written (lower case), for a text written with
    its marks, and folded, for a text written without: "minh họa" (to illustrate) must not
    become the commune of Minh Hòa, while "xa tan hoa" is the commune of Tân Hòa."""
    table: dict[tuple[str, ...], str] = {}
    for phrase in phrases:
        syllables = phrase.split()
        if 2 <= len(syllables) <= MAX_PHRASE:
            # The first spelling wins: official names come before the others.
            table.setdefault(("=", *exact(syllables)), token(phrase))
            table.setdefault(key(syllables), token(phrase))
    return table


@cache
def phrases() -> dict[tuple[str, ...], str]:
    """Folded syllables → the token to write, for every body name and place name (of every
    unit, past ones too: letters still name the districts abolished in 2025). Read once per
    process; `forget` after units change."""
    from danvan.org.models import AdminUnit

    names: list[str] = list(BODY_NAMES)
    for name, short in AdminUnit.objects.values_list("name", "short_name").iterator(5000):
        names.extend(n for n in (short, name) if n)
    return _entries(names)


def forget() -> None:
    phrases.cache_clear()
