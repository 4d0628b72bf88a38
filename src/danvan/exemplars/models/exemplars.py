"""A "Dân vận khéo" model (mô hình, of a collective) or exemplar (điển hình, a person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from danvan.lib.text import fold
from danvan.org.models import AdminUnit, Organization


class ExemplarKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class ExemplarField(models.TextChoices):
    ECONOMY = "economy", _("Economy")
    CULTURE_SOCIETY = "culture_society", _("Culture and society")
    DEFENCE_SECURITY = "defence_security", _("Defence and security")
    POLITICAL_SYSTEM = "political_system", _("Building the political system")


class ExemplarState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    BUILDING = "building", _("Being built")
    EVALUATED = "evaluated", _("Evaluated")
    RECOGNIZED = "recognized", _("Recognized")
    NOT_RECOGNIZED = "not_recognized", _("Not recognized")


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    PROVINCE = "province", _("Province level")
    CENTRAL = "central", _("Central level")


LEVEL_RANK = {
    RecognitionLevel.COMMUNE: 1,
    RecognitionLevel.PROVINCE: 2,
    RecognitionLevel.CENTRAL: 3,
}


class SubField(models.Model):
    """A managed sub-field (nông thôn mới, giảm nghèo bền vững, chuyển đổi số, …)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    field = models.CharField(_("field"), max_length=20, choices=ExemplarField.choices)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sub-field")
        verbose_name_plural = _("sub-fields")
        ordering = ["field", "position", "name"]

    def __str__(self) -> str:
        return self.name


class Exemplar(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=ExemplarKind.choices)
    name = models.CharField(_("name of the model"), max_length=300)
    # Who or what it is: the collective (a village, a group, a body) or the person. A person's
    # name is shown publicly only with their consent.
    holder_name = models.CharField(_("collective or person"), max_length=200)
    public_consent = models.BooleanField(_("the person agrees to be shown publicly"), default=False)
    field = models.CharField(_("field"), max_length=20, choices=ExemplarField.choices)
    subfields = models.ManyToManyField(
        SubField, verbose_name=_("sub-fields"), blank=True, related_name="exemplars"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("registering body"),
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    unit = models.ForeignKey(
        AdminUnit,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    # Kept on the row for statistics and scope filters without joins (as on matters).
    province = models.ForeignKey(
        AdminUnit,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    year = models.PositiveSmallIntegerField(_("year registered"))
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    description = models.TextField(_("description"))
    # Folded name, holder and description for the staff's search; the public showcase
    # searches its own text, which leaves out the name of a person who did not consent.
    search_text = models.TextField(editable=False, blank=True)
    public_search_text = models.TextField(editable=False, blank=True, default="")
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ExemplarState.choices, default=ExemplarState.REGISTERED
    )
    # The highest recognition so far, and when (statistics are asked "as of" a date: the
    # Recognition rows keep every step).
    recognition_level = models.CharField(
        _("recognized at"), max_length=10, choices=RecognitionLevel.choices, blank=True
    )
    recognized_on = models.DateField(_("recognized on"), null=True, blank=True)
    # When it first reached the higher levels and was first adopted elsewhere: kept on the row
    # so that figures "as of" a date read one table (the Recognition and Replication rows
    # stay the record).
    province_level_on = models.DateField(
        _("recognized at province level on"), null=True, blank=True
    )
    central_level_on = models.DateField(_("recognized at central level on"), null=True, blank=True)
    first_replicated_on = models.DateField(_("first replicated on"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "public_search_text"])

    class Meta:
        verbose_name = _("model or exemplar")
        verbose_name_plural = _("models and exemplars")
        ordering = ["-registered_on", "-id"]
        indexes = [
            models.Index(fields=["province", "recognized_on"], name="exemplar_prov_recog_idx"),
            models.Index(fields=["organization", "year"], name="exemplar_org_year_idx"),
            models.Index(fields=["field", "recognized_on"], name="exemplar_field_idx"),
            models.Index(fields=["year", "kind"], name="exemplar_year_kind_idx"),
            models.Index(fields=["recognition_level", "recognized_on"], name="exemplar_level_idx"),
            models.Index(fields=["state"], name="exemplar_state_idx"),
            # Every column the report figures read, so that PostgreSQL counts from the index
            # alone (selectors.figures / summary).
            models.Index(
                fields=[
                    "recognized_on",
                    "kind",
                    "field",
                    "year",
                    "province",
                    "province_level_on",
                    "central_level_on",
                    "first_replicated_on",
                    "id",
                ],
                name="exemplar_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="exemplar_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_texts(self) -> None:
        self.search_text = fold(f"{self.name} {self.holder_name} {self.description}")
        public_holder = self.holder_name if self.shows_holder_publicly else ""
        self.public_search_text = fold(f"{self.name} {public_holder} {self.description}")

    @property
    def shows_holder_publicly(self) -> bool:
        return self.kind == ExemplarKind.COLLECTIVE or self.public_consent
