"""Who may do what in participation: one rules module per subdomain, registered here."""

from . import rules_consultations, rules_meetings, rules_supervision  # noqa: F401
