"""Folders follow the network: a new body or library gets its folder, and a folder made anywhere
(the admin's « Collections » included) starts with its parent's access."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Collection
from wagtail.signals import page_published

from governance.models import BodyPage
from intranet.models import Library

from . import services


@receiver(post_save, sender=Collection, dispatch_uid="documents_folder_inherits")
def folder_inherits_its_parents_access(sender, instance, created, raw=False, **kwargs):
    if created and not raw and not instance.is_root():
        parent = instance.get_parent()
        if parent is not None:
            services.inherit_parent_access(instance, parent)


@receiver(post_save, sender=BodyPage, dispatch_uid="documents_body_folder")
def body_gets_a_folder(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.home_folder_of(body=instance)


@receiver(post_save, sender=Library, dispatch_uid="documents_library_folder")
def library_gets_a_folder(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.home_folder_of(library=instance)


@receiver(page_published, dispatch_uid="documents_tutorial_documents_filed")
def tutorial_documents_are_filed(sender, instance, **kwargs):
    """A published tutorial's documents are filed in « Tutoriels et procédures » (tutorial_documents)."""
    from tutorials.models import TutorialPage

    if isinstance(instance, TutorialPage):
        from .tutorial_documents import tutorial_documents_file

        tutorial_documents_file(page=instance)
