"""The shell's navigation: every module a user may open, grouped by domain, the current place
marked. One list, read by the side bar, the phone menu, the breadcrumbs and the tests that
open every entry for every demo role — so an entry shown is an entry the user may open (each
entry's test is the same permission its view checks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.accounts import scopes
from danvan.accounts.models import ADMINISTRATOR_ROLES
from danvan.accounts.predicates import is_system_admin


def _anyone(user: Any) -> bool:
    return True


def _signed_in(user: Any) -> bool:
    return bool(user.is_authenticated)


def _perm(name: str) -> Callable[[Any], bool]:
    def test(user: Any) -> bool:
        return bool(user.is_authenticated and user.has_perm(name))

    return test


def _lacks(name: str) -> Callable[[Any], bool]:
    """The public page, for those who have no staff page of the same module."""

    def test(user: Any) -> bool:
        return not (user.is_authenticated and user.has_perm(name))

    return test


def _system_administrator(user: Any) -> bool:
    # The predicate itself, not has_perm: a refusal by the rules would make Django's model
    # backend read the user's permission tables on every page for an entry never shown.
    return bool(user.is_authenticated and is_system_admin(user))


def _administrator(user: Any) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff
        and (user.is_superuser or scopes.has_role(user, ADMINISTRATOR_ROLES))
    )


@dataclass(frozen=True)
class Entry:
    key: str
    label: Promise
    url_name: str
    test: Callable[[Any], bool] = _anyone
    # Only this exact path marks the entry current (the home pages), not the paths under it.
    exact: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    entries: tuple[Entry, ...]


GROUPS: tuple[Group, ...] = (
    Group(
        "overview",
        _("Overview"),
        (
            Entry("home", _("Dashboard"), "portal:home", _signed_in, exact=True),
            Entry(
                "landing",
                _("Home page"),
                "portal:landing",
                lambda u: not u.is_authenticated,
                exact=True,
            ),
        ),
    ),
    Group(
        "cases",
        _("Citizens' matters"),
        (
            Entry("inbox", _("Matters to handle"), "cases:inbox", _perm("cases.view_case")),
            Entry("new_case", _("Record a matter"), "cases:new", _perm("cases.add_case")),
            Entry("submit", _("Send feedback"), "cases:submit", _lacks("cases.view_case")),
            Entry("track", _("Follow a matter"), "cases:track"),
            Entry("mine", _("My matters"), "cases:mine", _signed_in),
        ),
    ),
    Group(
        "exemplars",
        _("Dân vận khéo"),
        (
            Entry(
                "registry",
                _("Registry of models"),
                "exemplars:registry",
                _perm("exemplars.view_exemplar"),
            ),
            Entry(
                "figures",
                _("Figures of models"),
                "exemplars:figures",
                _perm("exemplars.view_exemplar"),
            ),
            Entry("gallery", _("Showcase of models"), "exemplars:gallery"),
        ),
    ),
    Group(
        "emulation",
        _("Emulation and contests"),
        (
            Entry(
                "movements",
                _("Emulation movements"),
                "emulation:movements",
                _perm("emulation.view_movement"),
            ),
            Entry(
                "proposals",
                _("Award proposals"),
                "emulation:proposals",
                _perm("emulation.view_proposal"),
            ),
            Entry(
                "decisions",
                _("Award decisions"),
                "emulation:decisions",
                _perm("emulation.view_awarddecision"),
            ),
            Entry(
                "award_figures",
                _("Award figures"),
                "emulation:figures",
                _perm("emulation.view_awarddecision"),
            ),
            Entry("honor_roll", _("Honor roll"), "emulation:honor_roll"),
            Entry("contests", _("Contests"), "contests:list", _perm("contests.view_contest")),
            Entry("contest_results", _("Contest results"), "contests:public_list"),
        ),
    ),
    Group(
        "reports",
        _("Reports"),
        (
            Entry("reports", _("Periodic reports"), "reports:list", _perm("reports.view_report")),
            Entry(
                "report_setup",
                _("Report templates"),
                "reports:setup_templates",
                _perm("reports.view_reporttemplate"),
            ),
        ),
    ),
    Group(
        "directives",
        _("Directives"),
        (
            Entry(
                "directives",
                _("Directing documents"),
                "directives:registry",
                _perm("directives.view_duty"),
            ),
            Entry(
                "duties",
                _("Duties under directives"),
                "directives:duties",
                _perm("directives.view_duty"),
            ),
            Entry("my_tasks", _("My tasks"), "directives:my_tasks", _perm("directives.view_duty")),
            Entry(
                "leaders_in_charge",
                _("Leaders in charge"),
                "directives:leaders",
                _perm("directives.view_duty"),
            ),
            Entry(
                "outgoing",
                _("Outgoing documents"),
                "directives:register",
                _perm("directives.view_duty"),
            ),
            Entry("public_documents", _("Published documents"), "directives_public:list"),
        ),
    ),
    Group(
        "voice",
        _("People's voice"),
        (
            Entry("surveys", _("Surveys"), "surveys:list", _perm("surveys")),
            Entry("satisfaction", _("Satisfaction index"), "surveys:index", _perm("surveys")),
            Entry(
                "consultations",
                _("Consultations on drafts"),
                "participation:consultations",
                _perm("participation.view_consultation"),
            ),
            Entry(
                "meetings",
                _("Meetings with the people"),
                "participation:meetings",
                _perm("participation.view_meeting"),
            ),
            Entry(
                "commitments",
                _("Commitments"),
                "participation:commitments",
                _perm("participation.view_meeting"),
            ),
            Entry(
                "supervision",
                _("Supervision programmes"),
                "participation:supervision_programmes",
                _perm("participation.supervision"),
            ),
            Entry(
                "supervision_awaiting",
                _("Recommendations awaiting a response"),
                "participation:supervision_awaiting",
                _perm("participation.supervision"),
            ),
            Entry(
                "critiques",
                _("Social critique"),
                "participation:supervision_critiques",
                _perm("participation.supervision"),
            ),
            Entry(
                "inspection_boards",
                _("Inspection boards"),
                "participation:supervision_boards",
                _perm("participation.supervision"),
            ),
            Entry(
                "public_consultations",
                _("Comment on drafts"),
                "participation_public:consultations",
                _lacks("participation.view_consultation"),
            ),
            Entry(
                "schedule",
                _("Schedule of meetings"),
                "participation_public:schedule",
                _lacks("participation.view_meeting"),
            ),
            Entry(
                "public_commitments",
                _("Commitments and their progress"),
                "participation_public:commitments",
                _lacks("participation.view_meeting"),
            ),
            Entry(
                "public_supervision",
                _("The Front's supervision"),
                "participation_public:supervision_programmes",
                _lacks("participation.supervision"),
            ),
        ),
    ),
    Group(
        "situation",
        _("The people's situation"),
        (
            Entry("situation", _("Overview"), "insights:home", _perm("insights.use"), exact=True),
            Entry("hotspots", _("Hotspots"), "insights:hotspots", _perm("insights.use")),
            Entry("topics", _("Topics"), "insights:topics", _perm("insights.use")),
            Entry("forecasts", _("Forecasts"), "insights:forecasts", _perm("insights.use")),
            Entry("briefing", _("Briefing draft"), "insights:briefing", _perm("insights.brief")),
            Entry(
                "models",
                _("Suggestions at intake"),
                "insights:models",
                _perm("insights.evaluate"),
            ),
            Entry(
                "similar",
                _("Similar texts"),
                "insights:similar_evaluation",
                _perm("insights.evaluate"),
            ),
        ),
    ),
    Group(
        "campaigns",
        _("Campaigns and funds"),
        (
            Entry("campaigns", _("Campaigns"), "campaigns:campaigns", _perm("campaigns.use")),
            Entry("funds", _("Funds"), "campaigns:funds", _perm("campaigns.use")),
            Entry(
                "approvals",
                _("Disbursements awaiting approval"),
                "campaigns:approvals",
                _perm("campaigns.use"),
            ),
            Entry(
                "households",
                _("Households supported"),
                "campaigns:households",
                _perm("campaigns.use"),
            ),
            Entry("teams", _("Community teams"), "campaigns:teams", _perm("campaigns.use")),
            Entry("disclosure", _("Funds made public"), "campaigns_public:funds"),
        ),
    ),
    Group(
        "administration",
        _("Administration"),
        (
            Entry("units", _("Administrative units"), "portal:units"),
            Entry(
                "report_cutoffs",
                _("Cut-off of the reporting periods"),
                "reports:setup_cutoffs",
                _system_administrator,
            ),
            Entry("admin", _("System administration"), "admin:index", _administrator),
        ),
    ),
)


@dataclass
class Place:
    key: str
    label: str
    url: str
    current: bool = False


@dataclass
class Section:
    key: str
    label: str
    places: list[Place] = field(default_factory=list)


@dataclass
class Navigation:
    sections: list[Section]
    current: Place | None

    @property
    def places(self) -> list[Place]:
        return [p for s in self.sections for p in s.places]

    @property
    def current_section(self) -> Section | None:
        return next((s for s in self.sections if any(p.current for p in s.places)), None)


def _matches(entry: Entry, url: str, path: str) -> int:
    """How well `path` falls under the entry: the length of the shared prefix, 0 for none."""
    if entry.exact:
        return len(url) if path == url else 0
    return len(url) if path.startswith(url) else 0


def navigation_for(user: Any, path: str) -> Navigation:
    sections: list[Section] = []
    best: tuple[int, Place] | None = None
    for group in GROUPS:
        section = Section(group.key, str(group.label))
        for entry in group.entries:
            if not entry.test(user):
                continue
            place = Place(entry.key, str(entry.label), entry.url)
            section.places.append(place)
            score = _matches(entry, place.url, path)
            if score and (best is None or score > best[0]):
                best = (score, place)
        if section.places:
            sections.append(section)
    current = None
    if best is not None:
        current = best[1]
        current.current = True
    return Navigation(sections, current)
