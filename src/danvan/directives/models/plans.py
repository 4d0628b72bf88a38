"""A programme or plan at work (chương trình hành động, kế hoạch thực hiện): its targets
(typed indicators with target values) and its tree of tasks, each with a lead body, the
bodies that coordinate, a responsible officer, dates, an expected output and a weight. The
lead body reports progress; a parent's progress is computed from its children by the plan's
rule, and kept apart from any progress reported on the parent itself."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from danvan.org.models import Organization

from .documents import Document


class ProgressRule(models.TextChoices):
    WEIGHTED = "weighted", _("Weighted average of its tasks")
    REPORTED = "reported", _("As reported on the task itself")


class Workplan(models.Model):
    """The working part of a plan document: targets and tasks."""

    document = models.OneToOneField(
        Document,
        verbose_name=_("programme or plan"),
        on_delete=models.PROTECT,
        related_name="workplan",
    )
    body = models.ForeignKey(
        Organization, verbose_name=_("body"), on_delete=models.PROTECT, related_name="workplans"
    )
    progress_rule = models.CharField(
        _("progress of a task with sub-tasks"),
        max_length=10,
        choices=ProgressRule.choices,
        default=ProgressRule.WEIGHTED,
    )
    goals = models.TextField(_("goals"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan at work")
        verbose_name_plural = _("plans at work")

    def __str__(self) -> str:
        return str(self.document)


class Target(models.Model):
    """A target of the plan (chỉ tiêu): "100% of communes hold a dialogue", "1.250 households
    supported"."""

    workplan = models.ForeignKey(
        Workplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("target"), max_length=300)
    unit = models.CharField(_("unit of measure"), max_length=40, help_text=_("e.g. %, hộ, xã"))
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    achieved_value = models.DecimalField(
        _("achieved so far"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    achieved_on = models.DateField(_("achieved as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def share(self) -> Decimal | None:
        if self.achieved_value is None or not self.target_value:
            return None
        return self.achieved_value / self.target_value


class TaskState(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("task", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("task", "In progress")
    DONE = "done", pgettext_lazy("task", "Done")
    CANCELLED = "cancelled", pgettext_lazy("task", "Cancelled")


class TaskStatus(models.TextChoices):
    """What a list shows: the state, with the due date read against a day."""

    NOT_STARTED = "not_started", pgettext_lazy("task", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("task", "In progress")
    DONE = "done", pgettext_lazy("task", "Done")
    DONE_LATE = "done_late", pgettext_lazy("task", "Done late")
    OVERDUE = "overdue", pgettext_lazy("task", "Overdue")
    CANCELLED = "cancelled", pgettext_lazy("task", "Cancelled")


OPEN_TASK_STATES = (TaskState.NOT_STARTED, TaskState.IN_PROGRESS)


class Task(models.Model):
    workplan = models.ForeignKey(
        Workplan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # "2.3.1": the task's place in the tree, and the same zero-padded ("0002.0003.0001") for
    # sorting; both kept by the services.
    number = models.CharField(_("number"), max_length=30, editable=False)
    path = models.CharField(max_length=80, editable=False)
    title = models.CharField(_("task"), max_length=500)
    lead_body = models.ForeignKey(
        Organization,
        verbose_name=_("lead body"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinators = models.ManyToManyField(
        Organization, verbose_name=_("coordinating bodies"), blank=True, related_name="+"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directive_tasks",
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(pgettext_lazy("task", "due on"))
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    state = models.CharField(
        _("state"), max_length=12, choices=TaskState.choices, default=TaskState.NOT_STARTED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    # Reported by the lead body (0–100); for a task with sub-tasks, computed from them by the
    # plan's rule (`computed_percent`) and shown beside what was reported.
    reported_percent = models.PositiveSmallIntegerField(
        _("progress reported (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    computed_percent = models.DecimalField(
        _("progress computed (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["computed_percent", "number", "path", "updated_at"]
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["workplan", "path", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__lte=models.F("due_on")),
                name="task_starts_before_due",
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(done_on__isnull=False), name="task_done_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["workplan", "path"], name="task_plan_idx"),
            models.Index(fields=["lead_body", "state", "due_on"], name="task_lead_idx"),
            models.Index(fields=["officer", "state", "due_on"], name="task_officer_idx"),
            models.Index(
                fields=["due_on"], condition=Q(state__in=OPEN_TASK_STATES), name="task_open_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def percent(self) -> Decimal | None:
        """The figure lists show: the computed one for a task with sub-tasks under the
        weighted rule, else the reported one."""
        if (
            self.computed_percent is not None
            and self.workplan.progress_rule == ProgressRule.WEIGHTED
        ):
            return self.computed_percent
        return Decimal(self.reported_percent) if self.reported_percent is not None else None

    @property
    def effective_percent(self) -> Decimal:
        """The task's share of done in its parent's average."""
        if self.state == TaskState.DONE:
            return Decimal(100)
        if self.computed_percent is not None:
            return self.computed_percent
        return Decimal(self.reported_percent or 0)

    def status_on(self, day: dt.date) -> str:
        if self.state == TaskState.CANCELLED:
            return TaskStatus.CANCELLED
        if self.state == TaskState.DONE:
            late = self.done_on is not None and self.done_on > self.due_on
            return TaskStatus.DONE_LATE if late else TaskStatus.DONE
        if self.due_on < day:
            return TaskStatus.OVERDUE
        if self.state == TaskState.NOT_STARTED and (self.computed_percent or 0) > 0:
            return TaskStatus.IN_PROGRESS  # its sub-tasks have started
        return TaskStatus(self.state)


def _evidence_path(instance: TaskEvidence, filename: str) -> str:
    return f"directives/tasks/{instance.update.task_id}/{uuid.uuid4().hex}"


class TaskUpdate(models.Model):
    """A progress report on a task (báo cáo tiến độ): the percent, what was done, files."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="updates"
    )
    percent = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    state = models.CharField(_("state"), max_length=12, choices=TaskState.choices)
    narrative = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-created_at"], name="task_update_idx")]

    def __str__(self) -> str:
        return f"{self.task}: {self.percent}%"


class TaskEvidence(models.Model):
    update = models.ForeignKey(
        TaskUpdate,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=_evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
