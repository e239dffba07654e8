"""(filled by the people family)"""

urlpatterns: list = []
