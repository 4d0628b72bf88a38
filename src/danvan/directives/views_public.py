"""Pages outside the officers' registry: the public list of directing documents and a public
document with its full text (no account needed; only what `access.public_documents` offers),
and a body's due dates as an iCalendar file for its officers.

The calendar is for a signed-in session: a calendar app that subscribes to an address sends
no session cookie, so the file is downloaded and imported. The API's tokens are full-access
credentials sent in a header; they are not put in an address, which calendar apps store,
share and write to their logs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.lib.dates import today
from danvan.lib.pagination import page_of

from . import access, calendar
from .models import DocumentKind, DocumentSystem
from .selectors import documents as selectors

PER_PAGE = 25
# A visitor's search: each word is one more scan of the full texts.
MAX_QUERY = 200
MAX_WORDS = 12


def _choice(value: str, choices: list[str]) -> str:
    return value if value in choices else ""


def public_list_view(request: HttpRequest) -> HttpResponse:
    q = " ".join(request.GET.get("q", "")[:MAX_QUERY].split()[:MAX_WORDS])
    kind = _choice(request.GET.get("kind", ""), DocumentKind.values)
    system = _choice(request.GET.get("system", ""), DocumentSystem.values)
    found = selectors.search(access.public_documents(), q=q, kind=kind, system=system, level="all")
    documents = selectors.with_replacement(found.order_by("-signed_on", "-pk")).defer(
        "text", "text_folded", "search_text"
    )
    page, query = page_of(request, Paginator(documents, PER_PAGE))
    day = today()
    return render(
        request,
        "directives/public_list.html",
        {
            "page": page,
            "query": query,
            "rows": [
                (d, selectors.Standing.LABELS[s], s)
                for d in page.object_list
                for s in [selectors.standing(d, day)]
            ],
            "q": q,
            "kind": kind,
            "system": system,
            "kinds": DocumentKind.choices,
            "systems": DocumentSystem.choices,
            "filtered": bool(q or kind or system),
        },
    )


def public_document_view(request: HttpRequest, pk: int) -> HttpResponse:
    public = access.public_documents()
    document = get_object_or_404(selectors.with_replacement(public), pk=pk)
    key = selectors.standing(document, today())
    return render(
        request,
        "directives/public_document.html",
        {
            "document": document,
            "standing": selectors.Standing.LABELS[key],
            "standing_key": key,
            "links": selectors.links_of(document, public),
            "crumbs": [(_("Directing documents"), reverse("directives_public:list"))],
        },
    )


@login_required
def calendar_view(request: HttpRequest, body_pk: int) -> HttpResponse:
    """The due dates of one body's duties that the user may see; 404 when they see none."""
    duties = list(
        access.duties_for(request.user)
        .filter(body_id=body_pk)
        .select_related("document", "body")
        .order_by("pk")
    )
    if not duties:
        raise Http404
    name = _("Due dates under directives: %(body)s") % {"body": duties[0].body.name}
    text = calendar.build(calendar.duty_events(duties, on=today()), name=name, stamp=timezone.now())
    response = HttpResponse(text.encode("utf-8"), content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="han-chi-dao-{body_pk}.ics"'
    return response
