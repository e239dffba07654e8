"""Browsing the library: the top folders and one folder (its sub-folders and documents)."""

from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from ..selectors import top_folders


def index(request):
    return render(request, "documents/index.html", {"folders": top_folders(request.user), "title": _("Documents")})


urlpatterns = [
    path("", index, name="index"),
]
