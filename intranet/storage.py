"""Where the files that only a checking view may serve are kept: PRIVATE_MEDIA_ROOT, never under
MEDIA_ROOT (which a web server may serve as it is). Governance attachments and the documents of the
library live here; they reach a browser only through a view that asks who is asking."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """The folder is read from settings.PRIVATE_MEDIA_ROOT at each use (so that tests and deployments
    can move it), and it has no URL: `storage.url()` raises, so no template can link past the view."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise NotImplementedError("private files are served by a view that checks who asks")


private_storage = PrivateStorage()
