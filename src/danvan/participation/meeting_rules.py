"""The legal minimums for meetings with the people, as data (decision 0028): loaded by a data
migration and by `ensure_rules`; an operator corrects them in the admin as the law changes.
Each says the text it comes from and whether that text was read (`confirmed`); see
docs/research/issue-19-legal-rules.md §4–5."""

from __future__ import annotations

import datetime as dt
from typing import Any

RULES: list[dict[str, Any]] = [
    {
        "kind": "dialogue",
        "level": "commune",
        "valid_from": dt.date(2025, 7, 1),
        "min_per_year": 1,
        "notice_days": 7,
        "publish_within_days": 10,
        "voter_request_percent": 10,
        "basis": "Luật Tổ chức chính quyền địa phương 2025, Điều 43",
        "confirmed": True,
        "note": "Chính quyền cấp xã đối thoại với Nhân dân ít nhất mỗi năm một lần, hoặc khi ít "
        "nhất 10% cử tri của xã yêu cầu; thông báo trước ít nhất 7 ngày; công khai kết quả "
        "trong 10 ngày sau hội nghị.",
    },
    {
        "kind": "reception",
        "level": "commune",
        "valid_from": dt.date(2014, 7, 1),
        "valid_until": dt.date(2026, 6, 30),
        "min_days_per_week": 1,
        "basis": "Luật Tiếp công dân 42/2013/QH13, Điều 15 khoản 2 điểm d",
        "confirmed": True,
        "note": "Chủ tịch UBND cấp xã tiếp công dân ít nhất 1 ngày trong tuần tại trụ sở.",
    },
    {
        "kind": "reception",
        "level": "commune",
        "valid_from": dt.date(2026, 7, 1),
        "min_days_per_month": 2,
        "basis": "Luật 136/2025/QH15 sửa đổi, bổ sung Luật Tiếp công dân",
        "confirmed": True,
        "note": "Chủ tịch UBND cấp xã tiếp công dân định kỳ ít nhất 2 ngày trong tháng; không "
        "được ủy quyền cho cấp phó.",
    },
    {
        "kind": "reception",
        "level": "province",
        "valid_from": dt.date(2014, 7, 1),
        "min_days_per_month": 1,
        "basis": "Luật Tiếp công dân 42/2013/QH13",
        "confirmed": False,
        "note": "Chủ tịch UBND cấp tỉnh tiếp công dân ít nhất 1 ngày trong tháng; chưa xác nhận "
        "quy định sau ngày 01/7/2026.",
    },
    {
        "kind": "briefing",
        "level": "province",
        "valid_from": dt.date(2025, 1, 1),
        "min_per_year": 4,
        "basis": "Giao ban công tác dân vận định kỳ hằng quý (thực tiễn của các cấp ủy)",
        "confirmed": False,
        "note": "Giao ban hằng quý để nghe phản ánh tình hình, tâm tư, nguyện vọng của Nhân dân.",
    },
    {
        "kind": "briefing",
        "level": "commune",
        "valid_from": dt.date(2025, 1, 1),
        "min_per_year": 4,
        "basis": "Giao ban công tác dân vận định kỳ hằng quý (thực tiễn của các cấp ủy)",
        "confirmed": False,
        "note": "Giao ban hằng quý để nghe phản ánh tình hình, tâm tư, nguyện vọng của Nhân dân.",
    },
]


def ensure_rules(rule_model: Any) -> int:
    """Create the rules not yet there (by kind, level and start); returns how many."""
    made = 0
    for values in RULES:
        key = {k: values[k] for k in ("kind", "level", "valid_from")}
        _obj, created = rule_model.objects.get_or_create(**key, defaults=values)
        made += created
    return made
