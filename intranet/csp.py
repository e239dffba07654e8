"""The Content-Security-Policy of the site: scripts, styles, images and fonts from the app itself
only (no CDN, no inline script, no external origin), no plugins, no framing by other sites, forms
posted to the site only.

The Wagtail admin gets the same policy with inline scripts and styles allowed, and only there:
Wagtail 8 still writes a few inline <script> blocks (InlinePanel, date widgets) that neither a
hash nor a nonce can cover. It still loads nothing from another origin.

Django 6 ships its own CSP support; Django 5.2 uses django-csp. Both read the same directives."""

import django

SELF = "'self'"
NONE = "'none'"

SITE_POLICY: dict[str, list[str]] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "media-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    # Wagtail's page preview frames the site in the admin: the same origin only.
    "frame-ancestors": [SELF],
    "frame-src": [SELF],
}

ADMIN_POLICY: dict[str, list[str]] = {
    **SITE_POLICY,
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
}

USES_DJANGO_CSP = django.VERSION < (6, 0)

if USES_DJANGO_CSP:
    MIDDLEWARE = "csp.middleware.CSPMiddleware"
else:  # pragma: no cover - Django 6 only
    MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"


def admin_policy(view):
    """Decorates a view of the Wagtail admin with ADMIN_POLICY."""
    if USES_DJANGO_CSP:
        from csp.decorators import csp

        return csp(ADMIN_POLICY)(view)
    from django.views.decorators.csp import csp_override  # pragma: no cover - Django 6 only

    return csp_override(ADMIN_POLICY)(view)  # pragma: no cover
