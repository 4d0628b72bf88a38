"""The quarterly briefing draft: choose the body and the quarter, see what the draft will
hold, download it as .docx (briefing.content, briefing.document).

Who: leaders and officers, for a body they hold an officer or leader grant at, at its own
level (`scopes.own_bodies_q`): the briefing is the body's own paper. Superusers choose among
the central and provincial bodies.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from danvan.accounts import scopes
from danvan.accounts.models import Role
from danvan.lib import charts
from danvan.lib.access import user_allowed
from danvan.org.models import Organization
from danvan.org.models.organizations import OrganizationLevel

from .briefing import content, document
from .briefing.quarters import Quarter, recent
from .services import briefing as services

BRIEFING_ROLES = frozenset({Role.OFFICER, Role.LEADER})
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def bodies_for(user: Any) -> QuerySet[Organization]:
    """The bodies the user may draft a briefing for."""
    q = scopes.own_bodies_q(user, BRIEFING_ROLES)
    if q is None:
        return Organization.objects.none()
    bodies = Organization.objects.current().filter(q)
    if user.is_superuser:
        bodies = bodies.filter(level__in=[OrganizationLevel.CENTRAL, OrganizationLevel.PROVINCE])
    return bodies.select_related("current_unit", "unit", "parent").order_by("level", "name")


class BriefingForm(forms.Form):
    body = forms.TypedChoiceField(label=pgettext_lazy("briefing", "Body"), coerce=int)
    quarter = forms.ChoiceField(label=gettext_lazy("Quarter"))

    def __init__(self, data: Any, *, bodies: list[Organization]) -> None:
        super().__init__(data)
        self.bodies = {b.pk: b for b in bodies}
        self.fields["body"].choices = [(b.pk, b.name) for b in bodies]  # type: ignore[attr-defined]
        self.fields["quarter"].choices = [(q.key, q.label) for q in recent()]  # type: ignore[attr-defined]

    def clean_quarter(self) -> Quarter:
        quarter = Quarter.parse(self.cleaned_data["quarter"])
        if quarter is None:
            raise forms.ValidationError(_("Choose a quarter from the list."))
        return quarter

    def clean_body(self) -> Organization:
        return self.bodies[self.cleaned_data["body"]]


def _form(request: HttpRequest) -> tuple[BriefingForm, list[Organization]]:
    user = user_allowed(request, "insights.use")
    bodies = list(bodies_for(user))
    if not bodies:
        raise PermissionDenied
    data = {
        "body": request.GET.get("body") or str(bodies[0].pk),
        "quarter": request.GET.get("quarter") or Quarter.last_complete().key,
    }
    return BriefingForm(data, bodies=bodies), bodies


def _chart(briefing: content.Briefing) -> charts.Chart:
    rows = [r for r in briefing.topics if r.count is not None and r.previous is not None]
    return charts.Chart(
        key="briefing-topics",
        kind="hbar",
        title=_("Main topics: this quarter and the one before"),
        caption=f"{briefing.territory}, {briefing.quarter.label}",
        labels=[r.label for r in rows],
        links=[reverse("insights:topic", args=[r.topic_id]) for r in rows],
        series=[
            charts.Series(briefing.quarter.label, [r.count for r in rows]),
            charts.Series(briefing.quarter.previous().label, [r.previous for r in rows]),
        ],
        tall=len(rows) > 4,
    )


def _crumbs() -> list[tuple[str, str]]:
    return [(_("The people's situation"), reverse("insights:home"))]


def page(request: HttpRequest) -> HttpResponse:
    form, _bodies = _form(request)
    context: dict[str, Any] = {"form": form, "crumbs": _crumbs()}
    if not form.is_valid():
        return render(request, "insights/briefing/page.html", context, status=400)
    body, quarter = form.cleaned_data["body"], form.cleaned_data["quarter"]
    briefing = content.gather(request.user, body, quarter, quotes=False)
    services.record_preview(actor=request.user, body=body, sensitive=briefing.sensitive)
    context.update(
        briefing=briefing,
        chart=_chart(briefing),
        download=f"{reverse('insights:briefing_docx')}?body={body.pk}&quarter={quarter.key}",
    )
    return render(request, "insights/briefing/page.html", context)


def download(request: HttpRequest) -> HttpResponse:
    form, _bodies = _form(request)
    if not form.is_valid():
        context = {"form": form, "crumbs": _crumbs()}
        return render(request, "insights/briefing/page.html", context, status=400)
    body, quarter = form.cleaned_data["body"], form.cleaned_data["quarter"]
    # An official paper is in Vietnamese whatever the reader's language (labels of states,
    # kinds and figures included).
    with translation.override("vi"):
        briefing = content.gather(request.user, body, quarter)
        data = document.briefing_docx(briefing)
    services.record_draft(
        actor=request.user,
        body=body,
        quarter=quarter,
        quoted=len(briefing.quotes),
        sensitive=briefing.sensitive,
    )
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{document.filename(briefing)}"'
    return response
