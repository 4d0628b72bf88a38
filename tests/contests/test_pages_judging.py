"""The judges' pages: the sheet (enter, correct, submit), the printable score sheets and the
summary (print and XLSX), each only for who may see it."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from danvan.contests.models import Prize, Score
from tests.contests.conftest import ROUND1, in_final, preliminary, published, score
from tests.factories import Role, UserFactory, user_with

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_today")]


def _post(w, team_key, values, action="save"):
    team = w.teams[team_key]
    data = {"action": action}
    for c, v in zip(w.contest.criteria.order_by("position"), values, strict=False):
        data[f"t{team.pk}-c{c.pk}"] = v
    return data


def test_a_judge_enters_and_submits_scores_on_the_sheet_page(client, network):
    w = preliminary(network)
    client.force_login(w.judge("r1c"))
    url = f"/contests/rounds/{w.round1.pk}/sheet/"
    page = client.get(url)
    forms = page.context["forms"]
    # Commune A1's team is their own body's: no form for it.
    conflicted = {row.team: f is None for row, f in forms}
    assert conflicted == {w.teams["a1"]: True, w.teams["a1c"]: False}
    assert "Đội thi của cơ quan, đơn vị bạn" in page.content.decode()
    bad = client.post(url, _post(w, "a1c", ("45", "20", "20")))
    assert bad.status_code == 200 and bad.context["errors"]
    assert not Score.objects.exists()
    assert client.post(url, _post(w, "a1c", ("29", "21", "19,5"))).status_code == 302
    assert Score.objects.filter(judge=w.judges["r1c"]).count() == 3
    assert client.post(url, {"action": "submit"}).status_code == 302
    locked = client.get(url)
    assert not locked.context["scoring_open"]
    client.post(url, _post(w, "a1c", ("10", "10", "10")))
    assert Score.objects.get(judge=w.judges["r1c"], criterion__position=1).value == 29


def test_submitting_an_incomplete_sheet_is_refused(client, network):
    w = preliminary(network)
    client.force_login(w.judge("r1a"))
    url = f"/contests/rounds/{w.round1.pk}/sheet/"
    response = client.post(url, _post(w, "a1", ("30", "25", "20"), action="submit"))
    assert response.status_code == 200 and w.teams["a1c"].name in " ".join(
        response.context["errors"]
    )


def test_only_the_rounds_judges_have_a_sheet(client, network):
    w = preliminary(network)
    for user in (w.judge("r2a"), w.organizer, UserFactory()):
        client.force_login(user)
        assert client.get(f"/contests/rounds/{w.round1.pk}/sheet/").status_code == 403


SCORE_CELL = re.compile(r'<td class="num score">\s*(\d[\d,.]*)')


def test_printable_sheets_filled_or_blank(client, network):
    w = preliminary(network)
    score(w, ROUND1, submit=False)
    client.force_login(w.judge("r1b"))
    url = f"/contests/rounds/{w.round1.pk}/sheet/print/"
    filled = client.get(url).content.decode()
    assert "@page" not in filled  # the A4 rules are in the stylesheet
    # r1b gave a1 32 for the first criterion: it is printed in a score cell.
    assert "contests/print.css" in filled and SCORE_CELL.search(filled)
    assert SCORE_CELL.search(filled).group(1) == "32"
    blank = client.get(url, {"blank": "1"})
    # The blank sheet has the same rows with every score cell empty.
    assert blank.context["blank"] and not SCORE_CELL.search(blank.content.decode())
    # a judge may not print another judge's sheet; the organizer may
    assert client.get(url, {"judge": w.judges["r1a"].pk}).status_code == 403
    client.force_login(w.organizer)
    other = client.get(url, {"judge": w.judges["r1a"].pk})
    assert other.status_code == 200 and other.context["sheet"].judge == w.judges["r1a"]
    client.force_login(user_with(network.province_b, Role.LEADER))
    assert client.get(url).status_code == 403


def test_the_summary_marks_the_dropped_scores(client, network):
    # Five judges in Cụm 2, so the highest and lowest of each criterion are dropped.
    w = preliminary(network, aggregation="trimmed", trim_min_judges=5)
    from danvan.contests import services

    extra = [user_with(network.central, Role.OFFICER) for _ in range(2)]
    for user in extra:
        services.assign_judge(actor=w.organizer, round=w.round2, user=user)
    criteria = list(w.contest.criteria.order_by("position"))
    values = {"a2": (35, 30, 33, 28, 34), "pc": (20, 22, 21, 25, 18)}
    judges = [
        w.judges["r2a"],
        w.judges["r2b"],
        w.judges["r2c"],
        *w.round2.judges.filter(user__in=extra).order_by("position"),
    ]
    for team_key, marks in values.items():
        for judge, mark in zip(judges, marks, strict=True):
            services.record_scores(
                actor=judge.user,
                round=w.round2,
                team=w.teams[team_key],
                scores={c.pk: str(mark * c.max_score / 40) for c in criteria},
            )
    client.force_login(w.organizer)
    page = client.get(f"/contests/rounds/{w.round2.pk}/summary/")
    assert page.status_code == 200
    s = page.context["s"]
    first = s.rows[0]
    assert first.team == w.teams["a2"]
    dropped = [[c.dropped for c in cells] for cells in first.cells]
    assert dropped[0] == [True, False, False, True, False]  # 35 (highest), 28 (lowest)
    assert str(first.aggregates[0]) == "32.33"  # the mean of 30, 33 and 34
    assert page.content.decode().count('data-testid="dropped"') == 2 * 2 * len(criteria)


def test_the_summary_xlsx_and_who_may_read_it(client, network):
    w = published(network)
    url = f"/contests/rounds/{w.final.pk}/summary.xlsx"
    client.force_login(w.judge("fa"))
    response = client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    header = rows[4]
    assert len(header) == 3 + 3 * (3 + 1) + 2  # 3 criteria × (3 judges + aggregate)
    ranks = [r[0] for r in rows[5:]]
    assert ranks == [1, 2, 3, 4]
    assert rows[5][1] == w.teams["a1"].name and rows[5][-1] == str(Prize.FIRST.label)
    client.force_login(w.judge("r1b"))  # judged another round
    assert client.get(url).status_code == 403
    client.force_login(w.staff["a1"])
    assert client.get(f"/contests/rounds/{w.final.pk}/summary/").status_code == 403


def test_a_judge_of_the_round_waits_for_the_close_to_read_the_summary(client, network):
    w = in_final(network)
    client.force_login(w.judge("fb"))
    assert client.get(f"/contests/rounds/{w.final.pk}/summary/").status_code == 403
    assert client.get(f"/contests/rounds/{w.round1.pk}/summary/").status_code == 403
    client.force_login(w.judge("r1b"))
    assert client.get(f"/contests/rounds/{w.round1.pk}/summary/").status_code == 200


def test_the_summary_xlsx_escapes_a_team_name_that_looks_like_a_formula(client, network):
    w = published(network)
    team = w.teams["a1"]
    type(team).objects.filter(pk=team.pk).update(name="=1+cmd|' /C calc'!A0")
    client.force_login(w.judge("fa"))
    response = client.get(f"/contests/rounds/{w.final.pk}/summary.xlsx")
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.iter_rows())
    first = rows[5]
    assert all(c.data_type != "f" for row in rows for c in row)
    assert first[1].value == "'=1+cmd|' /C calc'!A0"
    assert first[0].value == 1 and first[-2].data_type == "n"  # rank and total stay numbers
