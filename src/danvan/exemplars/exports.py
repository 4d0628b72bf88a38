"""The registry as a spreadsheet: the models in the officer's scope and filters, one row each,
with their results as figures (so a report can add them up). Written row by row to a
write-only workbook on a spooled file: memory stays flat whatever the number of models."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from danvan.lib.spreadsheets import XlsxWriter

from .models import Exemplar, ExemplarResult, Metric

CHUNK = 1000


def headers() -> list[str]:
    return [
        _("Name of the model"),
        _("Kind"),
        _("Collective or person"),
        _("Field"),
        _("Sub-fields"),
        _("Registering body"),
        _("Place"),
        _("Province / city"),
        _("Year registered"),
        _("State"),
        _("Recognized at"),
        _("Recognized on"),
        _("First replicated on"),
        *(str(m.label) for m in Metric),
    ]


def rows(models: QuerySet[Exemplar]) -> Iterator[list[object]]:
    qs = models.select_related("organization", "unit", "province").prefetch_related(
        "subfields",
        Prefetch("results", queryset=ExemplarResult.objects.only("exemplar_id", "metric", "value")),
    )
    for e in qs.iterator(chunk_size=CHUNK):
        figures = {r.metric: r.value for r in e.results.all()}
        yield [
            e.name,
            e.get_kind_display(),
            e.holder_name,
            e.get_field_display(),
            ", ".join(s.name for s in e.subfields.all()),
            e.organization.name,
            e.unit.name if e.unit else "",
            e.province.name if e.province else "",
            e.year,
            e.get_state_display(),
            e.get_recognition_level_display() if e.recognition_level else "",
            e.recognized_on,
            e.first_replicated_on,
            *(figures.get(m.value) for m in Metric),
        ]


def xlsx_file(models: QuerySet[Exemplar]) -> tempfile.SpooledTemporaryFile:
    workbook = XlsxWriter()
    sheet = workbook.sheet(_("Models"))
    sheet.append(headers())
    for row in rows(models):
        sheet.append(row)
    return workbook.spooled()
