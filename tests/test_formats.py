import datetime as dt

from django.template import Context, Template
from django.utils import translation


def _render(source, **ctx):
    return Template("{% load humanize %}" + source).render(Context(ctx))


def test_vietnamese_dates_are_dd_mm_yyyy_and_numbers_use_dots():
    with translation.override("vi"):
        assert _render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=dt.date(2025, 7, 1)) == "01/07/2025"
        assert _render("{{ n|intcomma }}", n=3545) == "3.545"


def test_english_keeps_dd_mm_yyyy_dates():
    with translation.override("en"):
        assert _render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=dt.date(2025, 7, 1)) == "01/07/2025"


def test_times_are_shown_in_ho_chi_minh_city(settings):
    from django.utils import timezone

    moment = dt.datetime(2025, 7, 1, 17, 30, tzinfo=dt.UTC)
    assert timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") == "00:30 02/07/2025"
