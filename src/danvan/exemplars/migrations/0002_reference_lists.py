"""The sub-fields the issue names and a default set of evaluation criteria (editable)."""

from django.db import migrations

SUBFIELDS = [
    ("nong-thon-moi", "Xây dựng nông thôn mới", "economy", 1),
    ("giam-ngheo-ben-vung", "Giảm nghèo bền vững", "economy", 2),
    ("phat-trien-kinh-te", "Phát triển kinh tế, tăng thu nhập", "economy", 3),
    ("an-sinh-xa-hoi", "An sinh xã hội", "culture_society", 1),
    ("van-hoa-giao-duc", "Văn hóa, giáo dục, y tế", "culture_society", 2),
    ("moi-truong", "Bảo vệ môi trường", "culture_society", 3),
    ("an-ninh-trat-tu", "Giữ gìn an ninh, trật tự", "defence_security", 1),
    ("cai-cach-hanh-chinh", "Cải cách hành chính", "political_system", 1),
    ("chuyen-doi-so", "Chuyển đổi số", "political_system", 2),
    ("xay-dung-dang", "Xây dựng Đảng và hệ thống chính trị", "political_system", 3),
]
CRITERIA = [
    ("hieu-qua", "Hiệu quả, kết quả đạt được", 40, 1),
    ("sang-tao", "Tính sáng tạo, đổi mới", 20, 2),
    ("lan-toa", "Khả năng nhân rộng, lan tỏa", 20, 3),
    ("dong-thuan", "Sự đồng thuận, tham gia của Nhân dân", 20, 4),
]


def load(apps, schema_editor):
    SubField = apps.get_model("exemplars", "SubField")
    Criterion = apps.get_model("exemplars", "Criterion")
    for code, name, field, position in SUBFIELDS:
        SubField.objects.get_or_create(
            code=code, defaults={"name": name, "field": field, "position": position}
        )
    for code, name, max_score, position in CRITERIA:
        Criterion.objects.get_or_create(
            code=code, defaults={"name": name, "max_score": max_score, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
