"""(filled by the mine family)"""

urlpatterns: list = []
