"""Issue 16, point 4: the matter page and the inbox after the user tests.

Possible duplicates are the few most similar matters (not every matter of the ward), folded
below the actions with one form; long lists of bodies are searchable selects; the timeline
names each person once per day; the citizen's receipt gives the date received and the first
due date; and the pages cost the same number of queries however many matters the ward has.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.cases.duplicates import LIKELY_LIMIT, likely_duplicates
from danvan.cases.models import Case, CaseEvent
from danvan.cases.services import workflow
from danvan.lib.dates import format_vn_date
from tests.cases.conftest import web_form
from tests.duplicates.conftest import FLOODING, LAND, LIGHTS, NOISE, make_case
from tests.factories import Role, Scope, user_with

pytestmark = pytest.mark.django_db

FLOODING_AGAIN = (
    "Đường trước chợ lại ngập sau mưa lớn",
    "Mỗi khi mưa lớn, đoạn đường trước chợ ngập sâu vì cống bị tắc, đề nghị nạo vét cống.",
)
FLOODING_LOOSELY = (
    "Ngập nước ở đường trước chợ",
    "Nước mưa không thoát được, đường ngập, xe máy chết máy giữa đường.",
)
UNRELATED = [
    LAND,
    NOISE,
    LIGHTS,
    ("Chó thả rông", "Nhiều hộ thả chó ra đường không rọ mõm, trẻ em sợ không dám đi học."),
    ("Rác thải đổ trộm", "Có người đổ trộm rác xây dựng bên bờ sông vào ban đêm."),
]


@pytest.fixture
def officer(network):
    return user_with(network.commune_a1_committee, Role.OFFICER, full_name="Phạm Văn Cán")


def _detail(client, case):
    return client.get(reverse("cases:detail", args=[case.tracking_code]))


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


# --- possible duplicates ------------------------------------------------------------------


def test_the_most_similar_matters_come_first_and_unrelated_ward_matters_are_not_listed(
    network, officer, client
):
    loosely = make_case(network, FLOODING_LOOSELY)
    same = make_case(network, FLOODING_AGAIN)
    unrelated = [make_case(network, texts) for texts in UNRELATED]
    case = make_case(network, FLOODING)
    client.force_login(officer)
    page = _detail(client, case)
    listed = [s.case for s in page.context["suggestions"]]
    assert listed == [same, loosely]
    scores = [s.score for s in page.context["suggestions"]]
    assert scores == sorted(scores, reverse=True)
    assert not set(unrelated) & set(listed)
    html = page.content.decode()
    assert all(c.tracking_code not in html for c in unrelated)


def test_a_busy_ward_proposes_only_the_best_few(network, officer):
    for texts in UNRELATED * 4:
        make_case(network, texts)
    for _ in range(LIKELY_LIMIT + 3):
        make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    got = likely_duplicates(case=case, user=officer)
    assert len(got) == LIKELY_LIMIT
    assert all(s.case.title == FLOODING_AGAIN[0] for s in got)


def test_the_duplicates_are_folded_below_the_actions_in_one_form(network, officer, client):
    for _ in range(3):
        make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    client.force_login(officer)
    html = _detail(client, case).content.decode()
    assert html.index('aria-labelledby="act-h"') < html.index('data-testid="duplicates"')
    section = _section(html, "duplicates")
    assert re.search(r"<details(?! open)[^>]*><summary>", section)
    assert section.count("<form") == 1 and html.count('value="merge"') == 1
    assert section.count('type="checkbox" id="dup-') == 3


def test_one_form_marks_the_ticked_matters_with_the_merging_service(network, officer, client):
    earliest = make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    later = make_case(network, FLOODING_AGAIN)
    left_alone = make_case(network, FLOODING_LOOSELY)
    client.force_login(officer)
    response = client.post(
        reverse("cases:detail", args=[case.tracking_code]),
        {
            "action": "merge",
            "duplicates": [earliest.tracking_code, later.tracking_code],
            "reason": "Cùng đoạn đường, cùng nội dung",
        },
    )
    assert response.status_code == 302
    for c in (earliest, case, later, left_alone):
        c.refresh_from_db()
    # The earliest matter stays the main one; the other two point at it.
    assert earliest.duplicate_of is None
    assert case.duplicate_of == earliest and later.duplicate_of == earliest
    assert left_alone.duplicate_of is None
    assert case.duplicate_reason == "Cùng đoạn đường, cùng nội dung"
    # What the service records (merging.merge_duplicates), once for the group.
    note = CaseEvent.objects.get(case=earliest, kind="note", text__contains=case.tracking_code)
    assert later.tracking_code in note.text


def test_nothing_ticked_changes_nothing_and_keeps_the_reason(network, officer, client):
    make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    client.force_login(officer)
    page = client.post(
        reverse("cases:detail", args=[case.tracking_code]),
        {"action": "merge", "reason": "Trùng nội dung"},
    )
    assert page.status_code == 200
    assert not Case.objects.filter(duplicate_of__isnull=False).exists()
    assert 'value="Trùng nội dung"' in page.content.decode()


def test_the_earlier_form_with_one_primary_still_works(network, officer, client):
    first = make_case(network, FLOODING_AGAIN)
    case = make_case(network, FLOODING)
    client.force_login(officer)
    client.post(
        reverse("cases:detail", args=[case.tracking_code]),
        {"action": "merge", "primary": first.tracking_code, "reason": "Trùng"},
    )
    case.refresh_from_db()
    assert case.duplicate_of == first


# --- searchable selects -------------------------------------------------------------------


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_the_forward_list_is_a_searchable_select(network, officer, client):
    case = make_case(network, FLOODING)
    client.force_login(officer)
    html = _detail(client, case).content.decode()
    assert "data-searchable" in _select(html, "to")
    assert "tom-select.complete.min.js" in html and "danvan/select.js" in html
    # Tom Select's own texts, in the page's language (Vietnamese by default).
    assert 'data-no-results="Không tìm thấy kết quả"' in html


def test_the_inbox_lists_of_bodies_areas_and_officers_are_searchable(network, client):
    leader = user_with(network.commune_a1_committee, Role.LEADER)
    user_with(network.commune_a1_committee, Role.OFFICER, full_name="Phạm Văn Cán")
    make_case(network, FLOODING)
    client.force_login(leader)
    html = client.get(reverse("cases:inbox")).content.decode()
    for name in ("org", "unit", "officer", "to"):
        assert "data-searchable" in _select(html, name), name


def test_the_entry_form_lists_the_communes_of_the_province_searchably(network, officer, client):
    client.force_login(officer)
    html = client.get(reverse("cases:new")).content.decode()
    assert "data-searchable" in _select(html, "unit")
    assert 'hx-get="/phan-anh/xa-phuong/"' in _select(html, "province")


# --- the inbox: folded filters, chips, cards ----------------------------------------------


def test_the_filters_are_folded_with_chips_for_the_active_ones(network, client):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    make_case(network, FLOODING)
    client.force_login(leader)
    html = client.get(reverse("cases:inbox")).content.decode()
    assert re.search(r'<details class="filter-panel" data-open-wide data-testid="filters">', html)
    assert 'data-testid="chips"' not in html
    page = client.get(
        reverse("cases:inbox"),
        {"q": "ngập", "state": "received", "unit": network.commune_a1.unit_id},
    )
    chips = page.context["chips"]
    assert [c.label for c in chips] == ["Tìm kiếm", "Trạng thái", "Địa bàn"]
    assert chips[2].value == network.commune_a1.unit.name
    assert "q=" not in chips[0].remove and "state=received" in chips[0].remove
    assert 'data-testid="chips"' in page.content.decode()


def test_the_inbox_table_becomes_cards_with_a_label_on_each_cell(network, client):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    make_case(network, FLOODING)
    client.force_login(leader)
    html = client.get(reverse("cases:inbox")).content.decode()
    assert '<table class="stack inbox-table"' in html
    row = html[html.index('<tr data-testid="matter">') :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td[^>]*>", row)
    assert len(cells) == 5
    assert all("data-label=" in td for td in cells if 'class="pick"' not in td)
    assert '<th scope="row" class="title-cell">' in row


# --- the timeline -------------------------------------------------------------------------


def test_the_timeline_names_each_person_once_per_day(network, officer, client):
    case = make_case(network, FLOODING)
    other = user_with(network.commune_a1_committee, Role.OFFICER, full_name="Lê Thị Khác")
    workflow.classify(actor=officer, case=case, kind="feedback", field=None)
    for text in ("Đã gọi cho người dân.", "Đã hẹn khảo sát.", "Đã chụp ảnh hiện trường."):
        workflow.add_note(actor=officer, case=case, text=text)
    workflow.add_note(actor=other, case=case, text="Phối hợp với tổ dân phố.")
    workflow.add_note(actor=officer, case=case, text="Đã báo cáo lãnh đạo.")
    client.force_login(officer)
    page = _detail(client, case)
    timeline = _section(page.content.decode(), "timeline")
    assert timeline.count("Phạm Văn Cán") == 2  # before and after the colleague's note
    assert timeline.count("Lê Thị Khác") == 1
    groups = page.context["timeline"]
    assert [len(g.events) for g in groups if g.actor is not None] == [4, 1, 1]
    assert sum(len(g.events) for g in groups) == case.events.count()


# --- the receipt --------------------------------------------------------------------------


def test_the_receipt_gives_the_date_received_and_the_first_due_date(network, client):
    response = client.post(reverse("cases:submit"), web_form(network), follow=True)
    case = Case.objects.get()
    first = case.deadlines.order_by("due_date").first()
    assert first is not None
    html = response.content.decode()
    received = html[html.index('data-testid="received"') :].split("</dd>")[0]
    due = html[html.index('data-testid="first-due"') :].split("</dd>")[0]
    assert timezone.localtime(case.received_at).strftime("%d/%m/%Y") in received
    assert format_vn_date(first.due_date) in due
    assert "ngày làm việc" in due
    assert 'class="receipt-code" data-testid="tracking-code"' in html
    assert "danvan/matter.css" in html  # the print stylesheet


# --- queries ------------------------------------------------------------------------------


def _queries(client, url: str, params: dict | None = None) -> int:
    client.get(url, params or {})  # warm up (session, caches)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_the_matter_page_costs_the_same_however_many_ward_matters(network, officer, client):
    case = make_case(network, FLOODING)
    make_case(network, FLOODING_AGAIN)
    make_case(network, LAND)
    client.force_login(officer)
    url = reverse("cases:detail", args=[case.tracking_code])
    few = _queries(client, url)
    for texts in (FLOODING_AGAIN, FLOODING_LOOSELY, *UNRELATED) * 3:
        make_case(network, texts)
    workflow.add_note(actor=officer, case=case, text="Ghi chú.")
    assert len(_detail(client, case).context["suggestions"]) == LIKELY_LIMIT
    assert _queries(client, url) <= few


def test_the_filtered_inbox_costs_the_same_however_many_matters(network, client):
    leader = user_with(network.province_a, Role.LEADER, Scope.SUBTREE)
    client.force_login(leader)
    make_case(network, FLOODING)
    params = {"q": "ngap", "state": "received", "unit": network.commune_a1.unit_id}
    url = reverse("cases:inbox")
    few = _queries(client, url, params)
    for _ in range(15):
        make_case(network, FLOODING)
    assert _queries(client, url, params) <= few
