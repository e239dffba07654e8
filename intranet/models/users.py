from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


def normalize_account_email(email: str) -> str:
    """The one spelling of an address kept for an account: people type capitals, the login ignores them."""
    return (email or "").strip().lower()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_account_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account. People log in with their email address; the directory data lives on Person."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            # `unique=True` compares exact strings: "Anne@x" would slip past "anne@x". The login does not
            # see case, so neither does the rule.
            models.UniqueConstraint(
                Lower("email"), name="user_email_unique_ci", violation_error_code="email_taken",
                violation_error_message=_("This email address is already used by another account."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalize_account_email(self.email)
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """An expression constraint reports to the whole form; this one is about the email field, so
        every model form (Wagtail's own account page included) shows it next to the address."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            taken = [item for item in general if getattr(item, "code", None) == "email_taken"]
            if taken:
                errors.setdefault("email", []).extend(taken)
            if rest := [item for item in general if item not in taken]:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from error
