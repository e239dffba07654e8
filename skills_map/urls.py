"""Front-end URLs of the skills map (« Compétences », mounted at /competences/). Each views module
exports its own `urlpatterns`."""

from .views import map, mine, people, skills

app_name = "skills_map"

urlpatterns: list = []
urlpatterns += skills.urlpatterns
urlpatterns += mine.urlpatterns  # « Mes compétences », export, who could teach me
urlpatterns += people.urlpatterns  # a skill's page (fiche/<slug>/: who knows X), validation
urlpatterns += map.urlpatterns  # the heatmap and the gaps
