from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="intranet_verified_email")
def mark_email_verified(sender, instance, raw=False, **kwargs):
    """Accounts are only ever made by the coordination (admin or import): their address counts as
    verified, and password reset by email works from the first day."""
    if raw or not instance.email:
        return
    EmailAddress.objects.update_or_create(
        user=instance, email__iexact=instance.email,
        defaults={"email": instance.email, "verified": True, "primary": True},
    )
    EmailAddress.objects.filter(user=instance).exclude(email__iexact=instance.email).update(primary=False)
