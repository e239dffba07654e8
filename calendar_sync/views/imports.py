"""(placeholder: the imports family fills it)"""

from django.http import HttpResponse
from django.urls import path


def start(request):
    return HttpResponse("")


urlpatterns = [path("importer/", start, name="import")]
