"""The award kinds of Luật Thi đua, khen thưởng 2022 (06/2022/QH15) and Nghị định
98/2023/NĐ-CP that the platform's bodies grant or propose; editable in the admin. What is
certain and what is assumed: docs/decisions/0005-emulation-awards.md."""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng 2022; Nghị định 98/2023/NĐ-CP"
# code, name, category, target, authority level, or above, authority kinds, who grants, basis
AWARD_KINDS = [
    ("giay-khen", "Giấy khen", "form", "both", "commune", True, [],
     "Thủ trưởng cơ quan, tổ chức, đơn vị; Chủ tịch UBND cấp xã", LAW + " (Luật, Điều 80)"),
    ("bang-khen-chu-tich-ubnd-tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "form",
     "both", "province", False, ["peoples_committee"], "Chủ tịch UBND cấp tỉnh", LAW),
    ("bang-khen-bo-ban-nganh-trung-uong", "Bằng khen của bộ, ban, ngành, đoàn thể trung ương",
     "form", "both", "central", False, [], "Người đứng đầu bộ, ban, ngành, đoàn thể trung ương",
     LAW),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "form", "both", "central",
     False, ["state_agency"], "Thủ tướng Chính phủ", LAW),
    ("co-thi-dua-ubnd-tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh", "title", "collective",
     "province", False, ["peoples_committee"], "Chủ tịch UBND cấp tỉnh", LAW),
    ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", "title", "collective", "central",
     False, ["state_agency"], "Thủ tướng Chính phủ", LAW),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "title", "collective",
     "province", False, ["peoples_committee"], "Chủ tịch UBND cấp tỉnh", LAW),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", "title", "collective",
     "province", True, [], "Thủ trưởng cơ quan chuyên môn thuộc UBND cấp tỉnh và tương đương",
     LAW + " (Luật, Điều 80)"),
    ("chien-si-thi-dua-toan-quoc", "Chiến sĩ thi đua toàn quốc", "title", "individual",
     "central", False, ["state_agency"], "Thủ tướng Chính phủ", LAW),
    ("chien-si-thi-dua-tinh", "Chiến sĩ thi đua cấp tỉnh", "title", "individual", "province",
     False, ["peoples_committee"], "Chủ tịch UBND cấp tỉnh", LAW),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "title", "individual", "province",
     True, [], "Thủ trưởng cơ quan chuyên môn thuộc UBND cấp tỉnh và tương đương",
     LAW + " (Luật, Điều 80)"),
    ("lao-dong-tien-tien", "Lao động tiên tiến", "title", "individual", "commune", True, [],
     "Thủ trưởng cơ quan, tổ chức, đơn vị; Chủ tịch UBND cấp xã", LAW + " (Luật, Điều 80)"),
]


def load(apps, schema_editor):
    AwardKind = apps.get_model("emulation", "AwardKind")
    for position, row in enumerate(AWARD_KINDS, start=1):
        code, name, category, target, level, or_above, kinds, who, basis = row
        AwardKind.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "category": category,
                "target": target,
                "authority_level": level,
                "or_above": or_above,
                "authority_kinds": kinds,
                "authority_title": who,
                "legal_basis": basis,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("emulation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
