from .views import actions, attachments, bodies, convocations, decisions, meetings, minutes, proposals

app_name = "governance"

urlpatterns = [
    *bodies.urlpatterns,
    *meetings.urlpatterns,
    *proposals.urlpatterns,
    *convocations.urlpatterns,
    *minutes.urlpatterns,
    *decisions.urlpatterns,
    *actions.urlpatterns,
    *attachments.urlpatterns,
]
