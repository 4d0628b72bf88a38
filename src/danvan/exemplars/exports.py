"""The registry as a spreadsheet: the models in the officer's scope and filters, one row each,
with their results as figures (so a report can add them up). Written row by row to a
write-only workbook on a spooled file: memory stays flat whatever the number of models.

Also the staff's report figures (recognized models by a dimension) as a small workbook."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from danvan.lib import spreadsheets
from danvan.lib.dates import format_vn_date
from danvan.lib.spreadsheets import Column, Kind

from .models import Exemplar, ExemplarResult, Metric

CHUNK = 1000


def columns() -> list[Column]:
    return [
        Column(_("Name of the model")),
        Column(_("Kind")),
        Column(_("Collective or person")),
        Column(_("Field")),
        Column(_("Sub-fields")),
        Column(_("Registering body")),
        Column(_("Place")),
        Column(_("Province / city")),
        Column(_("Year registered"), Kind.PLAIN),
        Column(_("State")),
        Column(_("Recognized at")),
        Column(_("Recognized on"), Kind.DATE),
        Column(_("First replicated on"), Kind.DATE),
        *(Column(str(m.label), Kind.NUMBER) for m in Metric),
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
    return spreadsheets.xlsx_file(_("Models"), columns(), rows(models))


def figures_xlsx(
    figures: Iterable[tuple[object, str, int]], *, as_of: dt.date, place: str, dimension: str
) -> tempfile.SpooledTemporaryFile:
    """The report figures (`selectors.labelled`: key, label, number) with their total, for
    the staff's figures page: `place` is the province's or commune's name or "whole country",
    `dimension` the label of what the rows are counted by."""
    counted = [(label, n) for _key, label, n in figures]
    return spreadsheets.xlsx_file(
        _("Figures"),
        [Column(dimension), Column(_("Number"), Kind.NUMBER)],
        counted,
        preamble=[
            [
                _("Recognized “Dân vận khéo” models and exemplars as of %(date)s")
                % {"date": format_vn_date(as_of)}
            ],
            [_("Place"), place],
        ],
        footer=[[_("Total"), sum(n for _label, n in counted)]],
    )
