"""(placeholder: the feeds family fills it)"""

from django.http import HttpResponse
from django.urls import path


def subscribe(request):
    return HttpResponse("")


urlpatterns = [path("abonnements/", subscribe, name="subscribe")]
