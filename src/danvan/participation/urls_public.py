"""The public pages of participation, one URL module per subdomain."""

from . import urls_public_consultations, urls_public_meetings, urls_public_supervision

app_name = "participation_public"

urlpatterns = [
    *urls_public_consultations.urlpatterns,
    *urls_public_supervision.urlpatterns,
    *urls_public_meetings.urlpatterns,
]
