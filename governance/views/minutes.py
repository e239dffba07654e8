"""minutes pages of governance."""

urlpatterns: list = []
