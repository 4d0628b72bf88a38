"""The hotspot register's writes (decision 0029): the scan that finds hotspots, and the
lifecycle officers move them through.

The scan (`scan`) tests every series of the nation for one week (`hotspots.stats` says how),
applies the cluster rule, and upserts one `Hotspot` per kind, subject and week by its `key`
— run twice, it finds the same rows and adds nothing but newer figures and newly linked
texts. Each hotspot links the texts behind it; the leaders whose grants cover its place are
alerted once each (`HotspotAlert` is written before the e-mail goes, as
`participation.reminding.send_once` does for reminders).

The lifecycle: detected → watched → being handled → settled, or dismissed; every change is a
`HotspotNote` (from, to, why) and an entry in the audit log."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import CHANGE
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danvan.accounts.models import User
from danvan.lib.audit import audit
from danvan.org.models import AdminUnit, Organization

from .. import access
from ..hotspots import series as read
from ..hotspots.stats import Settings, assess, correct
from ..models import (
    OPEN_HOTSPOT_STATES,
    Hotspot,
    HotspotAlert,
    HotspotKind,
    HotspotLink,
    HotspotNote,
    HotspotState,
    Topic,
)

S = HotspotState

# Which state may follow which. Settled and dismissed are closed; a closed hotspot may be
# taken up again (settled → handling, dismissed → watched) when it flares up.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DETECTED: frozenset({S.WATCHED, S.HANDLING, S.DISMISSED}),
    S.WATCHED: frozenset({S.HANDLING, S.SETTLED, S.DISMISSED}),
    S.HANDLING: frozenset({S.WATCHED, S.SETTLED}),
    S.SETTLED: frozenset({S.HANDLING}),
    S.DISMISSED: frozenset({S.WATCHED}),
}


def cluster_min_texts() -> int:
    return int(getattr(settings, "INSIGHTS_HOTSPOT_CLUSTER_TEXTS", 8))


def cluster_min_people() -> int:
    return int(getattr(settings, "INSIGHTS_HOTSPOT_CLUSTER_PEOPLE", 5))


def max_links() -> int:
    return int(getattr(settings, "INSIGHTS_HOTSPOT_MAX_LINKS", 500))


# --- The scan -------------------------------------------------------------------------------


@dataclass
class Found:
    key: str
    kind: str
    series: tuple[object, ...]
    observed: int
    baseline: float
    p_value: float | None = None
    adjusted_p: float | None = None
    people: int | None = None
    topic_id: int | None = None
    unit_id: int | None = None
    province_id: int | None = None
    subject_body_id: int | None = None
    text_ids: list[int] = field(default_factory=list)


@dataclass
class ScanResult:
    week: dt.date
    tested: int = 0
    raised: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    alerted: int = 0
    seconds: float = 0.0


def _key(kind: str, *parts: object) -> str:
    return ":".join([kind, *(str(p) for p in parts)])


def scan(*, week: dt.date, conf: Settings | None = None) -> ScanResult:
    """Scan the nation's week (its Monday) and upsert what is found."""
    started = time.perf_counter()
    conf = conf or Settings.from_django()
    week = week - dt.timedelta(days=week.weekday())
    weeks = read.window(week, conf.baseline_weeks)
    model = read.active_model()
    result = ScanResult(week=week)

    all_series = read.topic_series(model, weeks)
    places, sensitive = read.place_series(weeks)
    all_series.update(places)
    all_series.update(read.body_series(weeks))

    keys = list(all_series)
    tests = [
        assess(s.counts.get(week, 0), s.history(weeks[:-1]), conf) for s in all_series.values()
    ]
    raised, adjusted = correct([t.p_value for t in tests], conf)
    result.tested = len(tests)

    found: list[Found] = []
    for series_key, t, up, adj in zip(keys, tests, raised, adjusted, strict=True):
        if not (up and t.candidate):
            continue
        s = all_series[series_key]
        kind, subject = str(series_key[0]), series_key[1]
        f = Found(
            key="",
            kind="",
            series=series_key,
            observed=t.observed,
            baseline=round(t.baseline, 3),
            p_value=t.p_value,
            adjusted_p=adj,
            province_id=s.province_id,
        )
        if kind == "topic":
            f.kind, f.topic_id = HotspotKind.TOPIC_SURGE, int(subject)  # type: ignore[call-overload]
            f.key = _key("topic", subject, series_key[2], week)
        elif kind == "place":
            f.kind, f.unit_id = HotspotKind.PLACE_SURGE, int(subject)  # type: ignore[call-overload]
            f.key = _key("place", subject, week)
        else:
            f.kind, f.subject_body_id = HotspotKind.BODY_COMPLAINTS, int(subject)  # type: ignore[call-overload]
            f.key = _key("body", subject, week)
        found.append(f)
    links = read.linked_texts(week, model, [f.series for f in found], max_links())
    for f in found:
        f.text_ids = links.get(f.series, [])

    found += _clusters(model, week, conf)
    with transaction.atomic():
        _store(found, week, result)
        # The scan counted sensitive texts (never read them): their use is logged all the same.
        access.log_sensitive(None, purpose="hotspot_scan", texts=sensitive)
    result.raised = [f.key for f in found]
    result.seconds = time.perf_counter() - started
    return result


def _clusters(model: Any, week: dt.date, conf: Settings) -> list[Found]:
    """Many different citizens raising one issue in one commune in one week: a count rule
    (no test), so no p-value."""
    found: list[Found] = []
    min_texts, min_people = cluster_min_texts(), cluster_min_people()
    groups = [
        g
        for g in read.cluster_groups(model, week, min_texts=min_texts)
        if len(g.text_ids) >= min_texts and g.people >= min_people
    ]
    topic_texts: dict[int, set[int]] = {}
    for g in groups:
        if g.topic_id is not None:
            topic_texts.setdefault(g.unit_id, set()).update(g.text_ids)
    for g in groups:
        if g.topic_id is None and set(g.text_ids) <= topic_texts.get(g.unit_id, set()):
            continue  # the same letters already make a topic cluster in this commune
        what = f"t{g.topic_id}" if g.topic_id is not None else f"w{g.words_hash[:16]}"
        found.append(
            Found(
                key=_key("cluster", what, g.unit_id, week),
                kind=HotspotKind.CLUSTER,
                series=("cluster", what, g.unit_id),
                observed=len(g.text_ids),
                baseline=0.0,
                people=g.people,
                topic_id=g.topic_id,
                unit_id=g.unit_id,
                province_id=g.province_id,
                text_ids=g.text_ids[: max_links()],
            )
        )
    return found


def _titles(found: list[Found]) -> dict[str, str]:
    """Each hotspot's title, in the platform's language (it is stored)."""
    topics = Topic.objects.in_bulk({f.topic_id for f in found if f.topic_id})
    units = AdminUnit.objects.only("name").in_bulk(
        {f.unit_id for f in found if f.unit_id} | {f.province_id for f in found if f.province_id}
    )
    bodies = Organization.objects.only("name").in_bulk(
        {f.subject_body_id for f in found if f.subject_body_id}
    )
    titles = {}
    with translation.override(settings.LANGUAGE_CODE):
        for f in found:
            place = units.get(f.unit_id or f.province_id or 0)
            where = place.name if place else ""
            topic = str(topics[f.topic_id]) if f.topic_id in topics else ""
            if f.kind == HotspotKind.TOPIC_SURGE:
                title = _("“%(topic)s” rising in %(place)s") % {"topic": topic, "place": where}
            elif f.kind == HotspotKind.PLACE_SURGE:
                title = _("%(place)s raising far more than usual") % {"place": where}
            elif f.kind == HotspotKind.BODY_COMPLAINTS:
                body = bodies.get(f.subject_body_id or 0)
                title = _("Complaints and denunciations about %(body)s rising") % {
                    "body": body.name if body else ""
                }
            elif topic:
                title = _("%(people)s citizens raising “%(topic)s” in %(place)s") % {
                    "people": f.people,
                    "topic": topic,
                    "place": where,
                }
            else:
                title = _("%(people)s citizens sending the same letter in %(place)s") % {
                    "people": f.people,
                    "place": where,
                }
            titles[f.key] = title[:255]
    return titles


def _body_places(found: list[Found]) -> None:
    """A body's hotspot sits where the body is: its province, and its commune if local, so
    that the leaders over it are the ones alerted."""
    ids = {f.subject_body_id for f in found if f.subject_body_id}
    if not ids:
        return
    bodies = Organization.objects.filter(pk__in=ids).values_list(
        "pk", "province_id", "current_unit_id", "current_unit__level"
    )
    where = {pk: (prov, unit, level) for pk, prov, unit, level in bodies}
    for f in found:
        if f.subject_body_id in where:
            prov, unit, level = where[f.subject_body_id]
            f.province_id = prov if prov is not None else (unit if level == "province" else None)
            f.unit_id = unit if level == "commune" else None


def _store(found: list[Found], week: dt.date, result: ScanResult) -> None:
    if not found:
        return
    _body_places(found)
    titles = _titles(found)
    existing = Hotspot.objects.in_bulk([f.key for f in found], field_name="key")
    now = timezone.now()
    new: list[Hotspot] = []
    changed: list[Hotspot] = []
    for f in found:
        h = existing.get(f.key)
        if h is None:
            new.append(
                Hotspot(
                    key=f.key,
                    kind=f.kind,
                    title=titles[f.key],
                    week=week,
                    topic_id=f.topic_id,
                    unit_id=f.unit_id,
                    province_id=f.province_id,
                    subject_body_id=f.subject_body_id,
                    observed=f.observed,
                    baseline=f.baseline,
                    p_value=f.p_value,
                    adjusted_p=f.adjusted_p,
                    people=f.people,
                    detected_at=now,
                )
            )
        elif (h.observed, h.baseline, h.p_value, h.adjusted_p, h.people) != (
            f.observed,
            f.baseline,
            f.p_value,
            f.adjusted_p,
            f.people,
        ):
            # The week is still filling (or the baseline was recounted): newer figures, same
            # row, same state.
            h.observed, h.baseline, h.people = f.observed, f.baseline, f.people
            h.p_value, h.adjusted_p = f.p_value, f.adjusted_p
            changed.append(h)
    Hotspot.objects.bulk_create(new)
    if changed:
        Hotspot.objects.bulk_update(
            changed, ["observed", "baseline", "p_value", "adjusted_p", "people", "updated_at"]
        )
    result.created, result.updated = len(new), len(changed)
    by_key = {h.key: h for h in Hotspot.objects.filter(key__in=[f.key for f in found])}
    HotspotLink.objects.bulk_create(
        [HotspotLink(hotspot=by_key[f.key], text_id=pk) for f in found for pk in f.text_ids],
        ignore_conflicts=True,
        batch_size=2000,
    )
    result.alerted = _alert([by_key[f.key] for f in found])


def _alert(hotspots: list[Hotspot]) -> int:
    """Alert the leaders covering each open hotspot, once per person and hotspot."""
    hotspots = [h for h in hotspots if h.state in OPEN_HOTSPOT_STATES]
    if not hotspots:
        return 0
    done = set(
        HotspotAlert.objects.filter(hotspot__in=hotspots).values_list("hotspot_id", "user_id")
    )
    alerts: list[HotspotAlert] = []
    mails: list[tuple[str, str, str, list[str]]] = []
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A hotspot in the territory you lead")
        for h in hotspots:
            url = f"{settings.SITE_ROOT}{reverse('insights:hotspot', args=[h.pk])}"
            for leader in access.leaders_covering(h).only("pk", "email"):
                if (h.pk, leader.pk) in done:
                    continue
                done.add((h.pk, leader.pk))
                alerts.append(HotspotAlert(hotspot=h, user=leader))
                if leader.email:
                    body = _("%(title)s — week of %(week)s. Open it: %(url)s") % {
                        "title": h.title,
                        "week": f"{h.week:%d/%m/%Y}",
                        "url": url,
                    }
                    mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, [leader.email]))
    # Written before the e-mail goes (unique per hotspot and person): a scan run twice, or two
    # workers at once, alert nobody twice.
    HotspotAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(alerts)


# --- The lifecycle --------------------------------------------------------------------------


def _require_manage(actor: User, hotspot: Hotspot) -> None:
    if not access.may_hotspot(actor, hotspot, access.Action.MANAGE):
        raise PermissionDenied


def allowed_states(hotspot: Hotspot) -> list[str]:
    return [s for s in HotspotState.values if s in TRANSITIONS[hotspot.state]]


def change_state(*, actor: User, hotspot: Hotspot, state: str, note: str = "") -> HotspotNote:
    """Move a hotspot on; ValidationError when the lifecycle does not allow it."""
    _require_manage(actor, hotspot)
    with transaction.atomic():
        locked = Hotspot.objects.select_for_update().get(pk=hotspot.pk)
        if state not in TRANSITIONS.get(locked.state, frozenset()):
            raise ValidationError(
                _("A hotspot cannot go from “%(old)s” to “%(new)s”.")
                % {"old": locked.get_state_display(), "new": HotspotState(state).label}
                if state in HotspotState.values
                else _("Unknown state."),
                code="transition",
            )
        old = locked.state
        locked.state = state
        locked.settled_at = timezone.now() if state == HotspotState.SETTLED else None
        locked.save(update_fields=["state", "settled_at", "updated_at"])
        written = HotspotNote.objects.create(
            hotspot=locked, author=actor, body=note.strip(), state_from=old, state_to=state
        )
        audit(actor, locked, CHANGE, f"state {old} → {state}")
    hotspot.state, hotspot.settled_at = locked.state, locked.settled_at
    return written


def assign(
    *,
    actor: User,
    hotspot: Hotspot,
    in_charge: Organization | None,
    assigned_to: User | None,
    note: str = "",
) -> HotspotNote:
    """Name the body in charge and the officer in charge (the caller checked that they fit:
    `selectors.hotspots.assignable_*`)."""
    _require_manage(actor, hotspot)
    with transaction.atomic():
        locked = Hotspot.objects.select_for_update().get(pk=hotspot.pk)
        locked.in_charge, locked.assigned_to = in_charge, assigned_to
        locked.save(update_fields=["in_charge", "assigned_to", "updated_at"])
        parts = [
            _("Body in charge: %(body)s.") % {"body": in_charge.name if in_charge else "—"},
            _("Officer in charge: %(name)s.")
            % {
                "name": (assigned_to.get_full_name() or assigned_to.username)
                if assigned_to
                else "—"
            },
        ]
        if note.strip():
            parts.append(note.strip())
        written = HotspotNote.objects.create(hotspot=locked, author=actor, body=" ".join(parts))
        audit(
            actor,
            locked,
            CHANGE,
            f"in charge {in_charge.pk if in_charge else None}, "
            f"officer {assigned_to.pk if assigned_to else None}",
        )
    hotspot.in_charge, hotspot.assigned_to = in_charge, assigned_to
    return written


def add_note(*, actor: User, hotspot: Hotspot, body: str) -> HotspotNote:
    _require_manage(actor, hotspot)
    if not body.strip():
        raise ValidationError(_("Write the note."), code="empty")
    with transaction.atomic():
        written = HotspotNote.objects.create(hotspot=hotspot, author=actor, body=body.strip())
        audit(actor, hotspot, CHANGE, "note")
    return written
