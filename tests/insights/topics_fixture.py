"""Texts of three clearly different issues, for the topic tests: land clearance and
compensation, waste and pollution, health insurance at the clinic."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from .conftest import make_text

ISSUES: dict[str, dict[str, list[str]]] = {
    "land": {
        "phrases": [
            "tiền bồi thường giải phóng mặt bằng quá thấp",
            "chưa nhận được tiền bồi thường đất nông nghiệp",
            "giá đất bồi thường không sát thực tế",
            "dự án thu hồi đất làm đường chưa có tái định cư",
            "cấp giấy chứng nhận quyền sử dụng đất chậm",
            "tranh chấp ranh giới thửa đất với hộ bên cạnh",
        ],
        "words": ["bồi_thường", "đất", "mặt_bằng", "thu_hồi", "tái_định_cư", "thửa"],
    },
    "waste": {
        "phrases": [
            "rác thải sinh hoạt không được thu gom",
            "bãi rác bốc mùi hôi thối gây ô nhiễm",
            "nhà máy xả nước thải ra sông gây ô nhiễm",
            "khói bụi từ lò gạch làm ô nhiễm không khí",
            "xe chở rác rơi vãi trên đường",
            "kênh mương đầy rác và nước thải đen ngòm",
        ],
        "words": ["rác", "ô_nhiễm", "nước_thải", "mùi", "thu_gom", "khói"],
    },
    "health": {
        "phrases": [
            "khám chữa bệnh bằng thẻ bảo hiểm y tế phải chờ lâu",
            "bệnh viện thiếu thuốc cho người có bảo hiểm y tế",
            "trạm y tế không có bác sĩ trực buổi tối",
            "thủ tục thanh toán bảo hiểm y tế phức tạp",
            "người cao tuổi chưa được cấp thẻ bảo hiểm y tế",
            "bác sĩ trạm y tế thái độ chưa tốt với bệnh nhân",
        ],
        "words": ["bảo_hiểm", "y_tế", "bệnh_viện", "thuốc", "bác_sĩ", "khám"],
    },
}


def sentence(issue: str, rng: random.Random) -> str:
    phrases = ISSUES[issue]["phrases"]
    first, second = rng.sample(phrases, 2)
    return f"Đề nghị xem xét: {first}, ngoài ra {second}."


def plant(
    *,
    per_issue: int = 40,
    seed: int = 1,
    places: list[Any] | None = None,
    start: dt.datetime | None = None,
    weeks: int = 4,
    sensitive_every: int = 0,
) -> dict[str, list[int]]:
    """Make `per_issue` texts of each issue over `weeks` weeks and the given places; returns
    the text ids per issue."""
    rng = random.Random(seed)
    start = start or timezone.make_aware(dt.datetime(2026, 9, 7, 9, 0))
    ids: dict[str, list[int]] = {issue: [] for issue in ISSUES}
    n = 0
    for _i in range(per_issue):
        for issue in ISSUES:
            n += 1
            place = places[n % len(places)] if places else None
            at = start + dt.timedelta(days=(n % (weeks * 7)))
            text = make_text(
                sentence(issue, rng),
                unit=place,
                at=at,
                sensitive=bool(sensitive_every and n % sensitive_every == 0),
            )
            ids[issue].append(text.pk)
    return ids
