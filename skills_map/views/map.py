"""(filled by the map family)"""

urlpatterns: list = []
