"""The document library: Wagtail documents (our own model, WAGTAILDOCS_DOCUMENT_MODEL) in Wagtail
collections used as folders, each folder with who may read it and who may add to it
(`FolderAccess`), and the Drive imports run from the admin.

Folders follow the network: one per governance body (working groups included) under « Instances »,
one per library under « Médiathèques », and network-wide ones under « Réseau »
(documents.services.folders_sync). A sub-folder made by hand or by an import copies the access of
its parent (`inherited`), and follows it when the parent's access changes."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.search import index

from intranet.storage import private_storage


def document_path(instance, filename: str) -> str:
    # A folder of its own per file: two « Compte rendu.docx » never overwrite each other, and the
    # stored name is never guessed from another document's.
    return f"documents/{uuid.uuid4().hex}/{filename}"


class NetworkDocument(AbstractDocument):
    """A file of the library. Stored in PRIVATE_MEDIA_ROOT (never under a public path) and served only
    by Wagtail's serve view, which documents.wagtail_hooks closes (404) to who may not read its folder."""

    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage, max_length=300)
    text = models.TextField(_("text content"), blank=True, editable=False,
                            help_text=_("The text read from the file (PDF, Word, OpenDocument), for the search."))
    modified_at = models.DateTimeField(_("modified"), null=True, blank=True,
                                       help_text=_("When the file was last changed where it came from (Drive)."))
    source_path = models.CharField(_("imported from"), max_length=500, blank=True, editable=False)

    admin_form_fields = WagtailDocument.admin_form_fields

    search_fields = [
        *AbstractDocument.search_fields,
        index.SearchField("text"),
        index.FilterField("collection_id"),
    ]

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # A folder's listing (newest first) and the import's « already there? » by content hash.
            models.Index(fields=["collection", "-created_at"], name="document_folder_recent_idx"),
            models.Index(fields=["collection", "file_hash"], name="document_folder_hash_idx"),
        ]

    @property
    def date(self):
        """The date shown: when the file was last changed where it came from, else when it arrived."""
        return self.modified_at or self.created_at


class Owner(models.TextChoices):
    NETWORK = "network", _("The network")
    BODY = "body", _("A body")
    LIBRARY = "library", _("A library")


class Readers(models.TextChoices):
    """Who may see the folder, its documents and their files (the bodies' reading rules, DESIGN §5)."""

    MEMBERS = "members", _("Members only")
    STAFF = "staff", _("All staff")
    NETWORK = "network", _("The whole network")


class Writers(models.TextChoices):
    """Who may add documents to the folder (Coordination always may)."""

    MEMBERS = "members", _("Its members")
    STAFF = "staff", _("All staff")
    COORDINATION = "coordination", _("Coordination only")


class FolderKey(models.TextChoices):
    NETWORK = "network", _("Network")
    BODIES = "bodies", _("Bodies")
    LIBRARIES = "libraries", _("Libraries")
    TUTORIALS = "tutorials", _("Tutorials and procedures")


class FolderAccess(models.Model):
    """Who may read and add to one collection. « Members » are the body's current members, or the
    people of the library. A collection with no access row is Coordination's alone (fail closed)."""

    collection = models.OneToOneField("wagtailcore.Collection", verbose_name=_("folder"), primary_key=True,
                                      on_delete=models.CASCADE, related_name="access")
    owner = models.CharField(_("belongs to"), max_length=10, choices=Owner.choices, default=Owner.NETWORK)
    body = models.ForeignKey("governance.BodyPage", verbose_name=_("body"), null=True, blank=True,
                             on_delete=models.CASCADE, related_name="document_folders")
    library = models.ForeignKey("intranet.Library", verbose_name=_("library"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="document_folders")
    readers = models.CharField(_("who may read"), max_length=10, choices=Readers.choices, default=Readers.STAFF)
    writers = models.CharField(_("who may add documents"), max_length=12, choices=Writers.choices,
                               default=Writers.MEMBERS)
    # True: copied from the parent folder and kept in step with it; False: set on this folder.
    inherited = models.BooleanField(_("same as the parent folder"), default=False)
    # The folder of a body or library itself (not one of its sub-folders): one each.
    is_home = models.BooleanField(default=False, editable=False)
    # The well-known folders the site builds (« Réseau », « Instances », « Médiathèques »): KEYS.
    key = models.CharField(max_length=20, blank=True, editable=False, choices=FolderKey.choices)

    class Meta:
        verbose_name = _("folder access")
        verbose_name_plural = _("folder access")
        indexes = [
            models.Index(fields=["readers", "owner"], name="folderaccess_readers_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(owner="network", body__isnull=True, library__isnull=True)
                           | Q(owner="body", body__isnull=False, library__isnull=True)
                           | Q(owner="library", library__isnull=False, body__isnull=True)),
                name="folderaccess_owner_matches"),
            # « Members only » needs members: a body or a library.
            models.CheckConstraint(condition=~Q(owner="network") | ~Q(readers="members"),
                                   name="folderaccess_network_not_members_only"),
            models.CheckConstraint(condition=~Q(owner="network") | ~Q(writers="members"),
                                   name="folderaccess_network_writers_not_members"),
            models.UniqueConstraint(fields=["key"], condition=~Q(key=""), name="folderaccess_unique_key"),
            models.UniqueConstraint(fields=["body"], condition=Q(is_home=True, body__isnull=False),
                                    name="folderaccess_one_home_per_body"),
            models.UniqueConstraint(fields=["library"], condition=Q(is_home=True, library__isnull=False),
                                    name="folderaccess_one_home_per_library"),
        ]

    def __str__(self):
        return str(self.collection)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def import_archive_path(instance, filename: str) -> str:
    return f"drive-imports/{uuid.uuid4().hex}.zip"


class DriveImport(models.Model):
    """A Google Takeout uploaded in the admin, imported in the background (documents.tasks), with its
    progress and, at the end, its report (the same the command prints)."""

    collection = models.ForeignKey("wagtailcore.Collection", verbose_name=_("into the folder"),
                                   on_delete=models.CASCADE, related_name="+")
    archive = models.FileField(_("Takeout archive"), upload_to=import_archive_path, storage=private_storage,
                               max_length=200)
    archive_name = models.CharField(_("archive name"), max_length=200)
    as_drafts = models.BooleanField(_("Word files also become draft tutorials"), default=False)
    dry_run = models.BooleanField(_("only show what would be imported"), default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    files_done = models.PositiveIntegerField(_("files done"), default=0)
    files_total = models.PositiveIntegerField(_("files in the archive"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("Drive import")
        verbose_name_plural = _("Drive imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(files_done__lte=models.F("files_total")) | Q(files_total=0),
                                   name="driveimport_progress_within_total"),
        ]

    def __str__(self):
        return self.archive_name

    @property
    def percent(self) -> int:
        return round(100 * self.files_done / self.files_total) if self.files_total else 0
