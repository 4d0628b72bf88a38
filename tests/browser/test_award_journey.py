"""Journey: on a phone, the provincial commission proposes a Bằng khen for a commune and one of
its people, attaches the dossier and submits it to the provincial People's Committee; a leader
there records the decision, downloads it as .docx, and the honor roll shows it."""

import re

import pytest
from docx import Document

from danvan.emulation.models import AwardDecision, AwardKind, Proposal
from danvan.lib.dates import format_vn_date, today
from tests.browser.phone import fits, sign_in
from tests.factories import Role, Scope, build_network, user_with

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n% dossier\n%%EOF\n"


def test_a_proposal_becomes_a_decision_and_reaches_the_honor_roll(
    units_loaded, reference_data, live_server, browser, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    network = build_network()
    user_with(network.province_a, Role.OFFICER, Scope.SUBTREE, username="canbo_ban")
    user_with(network.province_a_committee, Role.LEADER, Scope.UNIT, username="lanhdao_ubnd")
    base = live_server.url
    award = AwardKind.objects.get(code="bang-khen-chu-tich-ubnd-tinh")

    officer = sign_in(browser, base, "canbo_ban")
    officer.goto(base + "/emulation/proposals/new/")
    officer.select_option("#id_proposer", str(network.province_a.pk))
    officer.select_option("#id_award_kind", str(award.pk))
    officer.locator("main form[method=get] button[type=submit]").click()
    officer.select_option("#id_authority", str(network.province_a_committee.pk))
    officer.fill("#id_year", str(today().year))
    officer.fill("#id_summary", "Thành tích xuất sắc trong phong trào thi đua “Dân vận khéo”.")
    officer.select_option("#id_r-0-kind", "collective")
    officer.select_option("#id_r-0-organization", str(network.commune_a1.pk))
    officer.fill("#id_r-0-achievements", "Dẫn đầu cụm thi đua.")
    officer.locator("details:has(#id_r-1-kind) summary").click()
    officer.select_option("#id_r-1-kind", "individual")
    officer.fill("#id_r-1-name", "Nguyễn Thị Hiền")
    officer.fill("#id_r-1-position", "Chủ tịch Ủy ban MTTQ phường")
    officer.fill("#id_r-1-unit_name", network.commune_a1.name)
    officer.check("#id_r-1-public_consent")
    assert fits(officer)
    officer.locator("main form[method=post] button[type=submit]").last.click()
    officer.wait_for_url(re.compile(r"/emulation/proposals/\d+/$"))
    proposal = Proposal.objects.get()
    assert proposal.recipients.count() == 2

    for doc_type, name in (("submission", "to-trinh.pdf"), ("report", "bao-cao.pdf")):
        officer.locator("details:has(input[value=attach]) summary").click()
        officer.select_option("select[name=doc_type]", doc_type)
        officer.set_input_files(
            "input[type=file]", {"name": name, "mimeType": "application/pdf", "buffer": PDF}
        )
        officer.locator("form:has(input[value=attach]) button[type=submit]").click()
        expect(officer.get_by_role("link", name=name)).to_be_visible()
    officer.locator("button[name=action][value=submit]").click()
    expect(officer.get_by_test_id("state")).to_have_text(re.compile("Đã trình|Submitted"))

    leader = sign_in(browser, base, "lanhdao_ubnd")
    leader.goto(f"{base}/emulation/proposals/{proposal.pk}/")
    approve = re.compile("ghi nhận quyết định|record the decision", re.I)
    leader.get_by_role("button", name=approve).click()
    leader.fill("#id_number", "2468/QĐ-UBND")
    leader.fill("#id_signed_on", format_vn_date(today()))
    leader.fill("#id_signer_title", "Chủ tịch")
    leader.fill("#id_signer_name", "Trần Văn Ký")
    assert fits(leader)
    leader.locator("main form[method=post] button[type=submit]").last.click()
    leader.wait_for_url(re.compile(r"/emulation/decisions/\d+/$"))
    decision = AwardDecision.objects.get()
    assert decision.number == "2468/QĐ-UBND" and decision.recipients.count() == 2
    with leader.expect_download() as download:
        leader.get_by_role("button", name=re.compile(r"\.docx")).click()
    text = "\n".join(p.text for p in Document(str(download.value.path())).paragraphs)
    assert "QUYẾT ĐỊNH" in text and "Nguyễn Thị Hiền" in text

    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(base + "/bang-vang/?q=nguyen+thi+hien")
    expect(public.get_by_text("Nguyễn Thị Hiền")).to_be_visible()
    assert fits(public)
