"""convocations pages of governance."""

urlpatterns: list = []
