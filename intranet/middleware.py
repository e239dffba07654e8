from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/admin/"
# They only hand over to the site's login and logout (intranet.views): no admin page behind them.
ADMIN_PATHS_WITHOUT_MFA = frozenset({"/admin/login/", "/admin/logout/"})


def passed_second_factor(request) -> bool:
    """Whether THIS session's login went through a second factor: allauth records each step of a
    login in the session ("mfa" once a TOTP or recovery code was accepted, at login or on
    reauthentication). A device on the account is not enough: `force_login`, a password reset or
    any other path that skipped the code leaves no such record, and logging out clears them."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class AdminMFAMiddleware:
    """Everyone who may open the Wagtail admin (Coordination, Référents, superusers) does so only from
    a session that passed the second factor (TOTP), when INTRANET_REQUIRE_ADMIN_MFA is on
    (production). Without a device they are sent to set one up; with a device but a session that
    skipped it, to allauth's reauthentication, which brings them back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.INTRANET_REQUIRE_ADMIN_MFA
            and request.path.startswith(ADMIN_PREFIX)
            and request.path not in ADMIN_PATHS_WITHOUT_MFA
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not passed_second_factor(request)
        ):
            if not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
                messages.warning(request, _("Set up two-factor authentication before opening the administration."))
                return redirect("mfa_activate_totp")
            messages.info(request, _("Enter the code of your authenticator app to open the administration."))
            return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class LanguageMiddleware:
    """French unless the person chose English with the footer's switch (a cookie). The browser's
    Accept-Language is ignored on purpose: the network works in French, whatever the laptop says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
