from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .roles import Role, has_role


class AdminMFAMiddleware:
    """Coordination members open the Wagtail admin only once they have a second factor (TOTP),
    when INTRANET_REQUIRE_ADMIN_MFA is on (production)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.INTRANET_REQUIRE_ADMIN_MFA
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and has_role(request.user, Role.COORDINATION)
            and not Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                _("Set up two-factor authentication before opening the administration."),
            )
            return redirect("mfa_activate_totp")
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
