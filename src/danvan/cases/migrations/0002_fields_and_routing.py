"""The starting list of fields (lĩnh vực) and routing rules; administrators edit both."""

from django.db import migrations

FIELDS = [
    ("dat-dai", "Đất đai"),
    ("moi-truong", "Môi trường"),
    ("xay-dung-do-thi", "Xây dựng, đô thị"),
    ("giao-thong", "Giao thông"),
    ("an-sinh-xa-hoi", "An sinh xã hội, chính sách"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục"),
    ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("thue-tai-chinh", "Thuế, tài chính"),
    ("can-bo-cong-chuc", "Cán bộ, công chức, công vụ"),
    ("tu-phap-ho-tich", "Tư pháp, hộ tịch"),
    ("khac", "Khác"),
]


def forwards(apps, schema_editor):
    CaseField = apps.get_model("cases", "CaseField")
    RoutingRule = apps.get_model("cases", "RoutingRule")
    for position, (code, name) in enumerate(FIELDS, start=1):
        CaseField.objects.get_or_create(code=code, defaults={"name": name, "position": position})
    # A matter about a commune goes to its People's Committee; about a province, to the
    # province's. More specific rules (by field or kind) are added by administrators.
    for level in ("commune", "province"):
        RoutingRule.objects.get_or_create(
            level=level, field=None, case_kind="", organization_kind="peoples_committee",
            defaults={"priority": 100},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
