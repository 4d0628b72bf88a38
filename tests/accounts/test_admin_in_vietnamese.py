"""The Django admin, as a system administrator sees it, is in Vietnamese (issue 16).

One crawl over the demo data: the index, each app's page, and for every registered model its
list (and the list searched), its add page where adding is allowed, and for one row its
change, history and delete pages, a history record's page and the delete action's
confirmation. No page may show English (tests/english.py); the demo's data is Vietnamese.
The catalogues behind the admin — Django's admin, auth and contenttypes, its JavaScript, and
django-simple-history — are checked whole, so that pages the crawl does not reach (error
messages, the password forms) are Vietnamese too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import django
import polib
import pytest
import simple_history
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation

from tests.english import english_fragments
from tests.factories import UserFactory, sign_in_with_totp

DJANGO = Path(django.__file__).parent

# Printed by Django and django-simple-history with no msgid, hence never translated: the alt
# text of the search icon (admin/search_form.html), and the app's label (not its name) in
# the breadcrumbs of a history record's page (simple_history/object_history_form.html).
_SEARCH_ICON = 'alt="Search"'
_APP_LABEL_CRUMB = re.compile(r'(<a href="/admin/(\w+)/">)(\w+)(</a>)')


def _untranslatable_removed(html: str) -> str:
    html = html.replace(_SEARCH_ICON, 'alt=""')
    return _APP_LABEL_CRUMB.sub(
        lambda m: m[1] + m[4] if m[3] == m[2].capitalize() else m[0],
        html,
    )


def _change_reasons() -> set[str]:
    """The reasons the services store on history rows ("create", "merge", "load"): data,
    shown as stored in the history's "Lý do thay đổi" column."""
    reasons: set[str] = set()
    for model in admin.site._registry:
        history = getattr(model, "history", None)
        if history is not None and hasattr(history, "model"):
            reasons.update(
                history.model.objects.exclude(history_change_reason__isnull=True)
                .values_list("history_change_reason", flat=True)
                .distinct()
            )
    return {r for r in reasons if r}


def _rows_the_demo_lacks(user) -> None:  # type: ignore[no-untyped-def]
    """A token, a remote commune, a reading of personal data and a queued task."""
    from danvan.accounts.services import issue_api_token
    from danvan.cases import queue
    from danvan.cases.models import Petitioner
    from danvan.cases.services.identity import log_views
    from danvan.deadlines.models import RemoteCommune
    from danvan.lib.admin import save_record
    from danvan.org.models import AdminLevel, AdminUnit

    issue_api_token(user=user, name="Máy chủ tổng hợp số liệu của tỉnh")
    commune = AdminUnit.objects.current().filter(level=AdminLevel.COMMUNE).order_by("pk").first()
    remote = RemoteCommune(
        unit=commune, source="Quyết định 861/QĐ-TTg", effective_from=dt.date(2021, 6, 4)
    )
    save_record(actor=user, instance=remote, change=False)
    petitioner = Petitioner.objects.order_by("pk").first()
    log_views(actor=user, petitioner_ids=[petitioner.pk], purpose="Xác minh người gửi")
    queue.enqueue(queue.REGISTER_SUBMISSIONS)


def _pages(user) -> tuple[list[tuple[str, str, dict]], list[str]]:  # type: ignore[no-untyped-def]
    """(method, url, data) of every admin page to read; the models that have no row."""
    request = RequestFactory().get("/admin/")
    request.user = user
    pages: list[tuple[str, str, dict]] = [("get", reverse("admin:index"), {})]
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    pages += [("get", reverse("admin:app_list", args=[label]), {}) for label in labels]
    empty: list[str] = []
    for model, model_admin in admin.site._registry.items():
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{name}_changelist")
        pages.append(("get", changelist, {}))
        if model_admin.get_search_fields(request):
            pages.append(("get", changelist, {"q": "không có kết quả nào"}))
        if model_admin.has_add_permission(request):
            pages.append(("get", reverse(f"{name}_add"), {}))
        row = model_admin.get_queryset(request).order_by("pk").last()
        if row is None:
            empty.append(model._meta.label)
            continue
        pk = str(row.pk)
        pages.append(("get", reverse(f"{name}_change", args=[pk]), {}))
        pages.append(("get", reverse(f"{name}_history", args=[pk]), {}))
        if model_admin.has_delete_permission(request, row):
            pages.append(("get", reverse(f"{name}_delete", args=[pk]), {}))
        if "delete_selected" in model_admin.get_actions(request):
            # Without "post" in the form, the action only asks for confirmation.
            confirm = {"action": "delete_selected", "_selected_action": [pk], "index": 0}
            pages.append(("post", changelist, confirm))
        record = row.history.first() if hasattr(row, "history") else None
        if record is not None:
            try:
                url = reverse(f"{name}_simple_history", args=[pk, record.history_id])
            except NoReverseMatch:
                continue
            pages.append(("get", url, {}))
    return pages, empty


@pytest.mark.django_db
def test_every_admin_page_a_system_administrator_opens_is_in_vietnamese(client):
    call_command("seed", profile="demo", quiet=True, history_months=0)
    user = UserFactory(
        username="quantri_kiemthu",
        full_name="Quản trị hệ thống kiểm thử",
        is_staff=True,
        is_superuser=True,
    )
    sign_in_with_totp(client, user)
    _rows_the_demo_lacks(user)
    allowed = _change_reasons()
    pages, empty = _pages(user)
    english: dict[str, list[str]] = {}  # fragment: the pages that show it
    for method, url, data in pages:
        response = getattr(client, method)(url, data)
        assert response.status_code == 200, (method, url, response.status_code)
        html = _untranslatable_removed(response.content.decode())
        for fragment in english_fragments(html, allow=allowed):
            english.setdefault(fragment, []).append(f"{method.upper()} {url}")
    report = "\n".join(
        f"  {fragment!r} on {len(where)} page(s), e.g. {where[0]}"
        for fragment, where in english.items()
    )
    assert not english, f"English on the admin pages:\n{report}"
    # A change page was read for every model.
    assert not empty, f"no row to open: {empty}"


def _msgids(path: Path) -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def _key(entry: polib.POEntry) -> str | tuple[str, int]:
    key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (key, 0) if entry.msgid_plural else key


@pytest.mark.parametrize(
    "source",
    [
        DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
        # django-simple-history ships no English catalogue: the French one lists its msgids.
        Path(simple_history.__file__).parent / "locale/fr/LC_MESSAGES/django.po",
    ],
    ids=["admin", "auth", "contenttypes", "simple_history"],
)
def test_every_string_of_the_admin_has_vietnamese(source):
    with translation.override("vi"):
        catalog = translation.trans_real.translation("vi")._catalog
    missing = [e.msgid for e in _msgids(source) if _key(e) not in catalog]
    assert not missing, f"no Vietnamese for: {missing}"


def test_every_string_of_the_admins_javascript_has_vietnamese():
    admin_locale = DJANGO / "contrib/admin/locale"
    catalog = DjangoTranslation("vi", domain="djangojs", localedirs=[str(admin_locale)])._catalog
    source = admin_locale / "en/LC_MESSAGES/djangojs.po"
    missing = [e.msgid for e in _msgids(source) if _key(e) not in catalog]
    assert not missing, f"no Vietnamese for: {missing}"
