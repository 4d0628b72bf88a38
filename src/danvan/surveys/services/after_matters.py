"""A one-time survey code for the sender of a matter that has closed, when they agreed to it.

When a matter closes (cases.services.workflow.close) a task calls `invite_after_close`. A sender
who is not anonymous, agreed when sending the matter (Petitioner.survey_consent_at) and gave an
e-mail address is sent a one-time code for the open survey "sent to citizens whose matter has
closed" (Survey.after_matters) of the closest body: the matter's handling body, else the body
over it, and so on up.

A matter gets one code, ever: the Invitation keeps only a keyed hash of the matter (`source`),
which no one can turn back into the matter, and the code itself is only in the e-mail (its
hash is stored, as for every code). No response points to its code. The e-mail says nothing
of what the matter was about.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danvan.cases.models import CaseState, Petitioner
from danvan.lib import crypto
from danvan.lib.dates import format_vn_date
from danvan.org.models import Organization

from ..models import Invitation, Survey, SurveyState
from . import invitations
from .answering import is_open

# A line of authority is a few levels deep; a loop in the links would stop here.
MOST_LEVELS = 12


def source_of(case_id: int) -> str:
    """The keyed hash an Invitation keeps of the matter it was sent for."""
    return crypto.blind_index(str(case_id), kind="survey-matter")


def bodies_over(organization_id: int) -> list[int]:
    """The body and the bodies whose subtree holds it (org.selectors.organization_subtree),
    closest first: its successor (Organization.current, for a former body) and its parent,
    then theirs, and so on. One query per level."""
    order, seen, frontier = [organization_id], {organization_id}, [organization_id]
    for _level in range(MOST_LEVELS):
        links = Organization.objects.filter(pk__in=frontier).values_list("current_id", "parent_id")
        above = []
        for current_id, parent_id in links:
            for pk in (current_id, parent_id):
                if pk is not None and pk not in seen:
                    seen.add(pk)
                    above.append(pk)
        if not above:
            break
        order += above
        frontier = above
    return order


def survey_for(bodies: list[int]) -> Survey | None:
    """The open survey sent after matters of the closest of `bodies` (closest first) that has
    one; of several at the same body, the newest."""
    rank = {pk: i for i, pk in enumerate(bodies)}
    found = [
        survey
        for survey in Survey.objects.filter(
            owner_id__in=bodies, after_matters=True, state=SurveyState.OPEN
        )
        .select_related("owner")
        .order_by("-created_at", "-pk")
        if is_open(survey)
    ]
    return min(found, key=lambda survey: rank[survey.owner_id], default=None)


def invite_after_close(*, case_id: int) -> bool:
    """Send the closed matter's sender a one-time code for the survey, if they agreed and
    none was ever sent for the matter. Whether a code was sent."""
    with transaction.atomic():
        petitioner = (
            Petitioner.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(case_id=case_id)
            .first()
        )
        if petitioner is None:
            return False
        case = petitioner.case
        if (
            case.state != CaseState.CLOSED
            or petitioner.anonymous
            or petitioner.survey_consent_at is None
            or case.organization_id is None
        ):
            return False
        email = petitioner.data()["email"]
        if not email:
            return False
        bodies = bodies_over(case.organization_id)
        survey = survey_for(bodies)
        if survey is None:
            return False
        source = source_of(case.pk)
        # One code per matter, whichever of these bodies' surveys it was for.
        sent = Invitation.objects.filter(source=source, survey__owner_id__in=bodies)
        if sent.exists():
            return False
        with translation.override(settings.LANGUAGE_CODE):
            batch = _("Matters closed")
        code = _invite(survey=survey, batch=batch, source=source)
        if code is None:
            return False
        transaction.on_commit(partial(_send, email=email, survey=survey, code=code))
    return True


def _invite(*, survey: Survey, batch: str, source: str) -> str | None:
    """The code of a new Invitation for the matter, or None when one was just made for it
    (two tasks at once: the unique constraint decides)."""
    for _attempt in range(3):
        code, digest = invitations.new_code()
        try:
            with transaction.atomic():
                Invitation.objects.create(
                    survey=survey, code_hash=digest, batch=batch[:100], source=source
                )
        except IntegrityError:
            if Invitation.objects.filter(survey=survey, source=source).exists():
                return None
            continue  # the same code drawn twice: draw another
        return code
    return None


def _send(*, email: str, survey: Survey, code: str) -> None:
    """The e-mail: the survey, its link with the code, the code to type. Never the matter."""
    link = reverse("surveys_public:answer", args=[survey.key])
    url = f"{settings.SITE_ROOT.rstrip('/')}{link}?{urlencode({'ma': code})}"
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A short survey about how your matter was handled")
        paragraphs = [
            _(
                "Your matter has been closed. %(body)s asks you to answer a short survey about "
                "how it was handled: %(survey)s"
            )
            % {"body": survey.owner.name, "survey": survey.title},
            _("Answer it here: %(url)s") % {"url": url},
            _("If the page asks for a code, type this one-time code: %(code)s")
            % {"code": invitations.shown(code)},
        ]
        if survey.closes_on is not None:
            paragraphs.append(
                _("The survey is open until %(date)s.") % {"date": format_vn_date(survey.closes_on)}
            )
        paragraphs += [
            _(
                "Your answer is anonymous: the code can be used once, and neither the code nor "
                "your answer can be traced to you or to your matter."
            ),
            _(
                "You receive this e-mail because you agreed to it when you sent your matter. "
                "It is the only one about a survey that you will receive for this matter."
            ),
        ]
    send_mail(subject, "\n\n".join(paragraphs), settings.DEFAULT_FROM_EMAIL, [email])
