from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction

from .caching import bump
from .models import Library, NetworkSettings, Person
from .page_permissions import VIEW_RESTRICTIONS_CACHE
from .services import account_email_change


@receiver([post_save, post_delete], sender=Library, dispatch_uid="intranet_libraries_changed")
@receiver([post_save, post_delete], sender=Person, dispatch_uid="intranet_people_changed")
def forget_library_summaries(sender, **kwargs):
    bump("libraries")


@receiver([post_save, post_delete], sender=NetworkSettings, dispatch_uid="intranet_network_changed")
def forget_network_settings(sender, **kwargs):
    bump("network")


@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="intranet_view_restrictions_changed")
@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="intranet_view_restriction_groups")
def forget_view_restrictions(sender, **kwargs):
    bump(VIEW_RESTRICTIONS_CACHE)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="intranet_person_for_account")
def create_directory_entry(sender, instance, created, raw=False, **kwargs):
    """An account made in the admin appears in the directory at once; the coordination then
    completes its library and kind."""
    if created and not raw and not Person.objects.filter(user=instance).exists():
        Person.objects.create(user=instance, first_name=instance.first_name or instance.email.split("@")[0],
                              last_name=instance.last_name)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="intranet_verified_email")
def mark_email_verified(sender, instance, raw=False, **kwargs):
    """Accounts are only ever made by the coordination (admin or import): their address counts as
    verified, and password reset by email works from the first day. A changed address replaces the
    old one (which then no longer logs in); saving again changes nothing."""
    if raw or not instance.email:
        return
    account_email_change(user=instance, email=instance.email)
