"""The application passwords of CalDAV servers: read from the environment variable the server names,
or stored encrypted (Fernet) with a key derived from CALDAV_ENCRYPTION_KEY, or from SECRET_KEY when
that setting is absent. The clear password never reaches the database, a form or a log."""

import base64
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.utils.translation import gettext as _

from .errors import SyncError


def _fernet() -> Fernet:
    secret = getattr(settings, "CALDAV_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    # A key of its own, so that the CalDAV passwords are not encrypted with SECRET_KEY itself.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"calendar_sync.caldav.password").derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_password(password: str) -> str:
    return _fernet().encrypt(password.encode()).decode()


def decrypt_password(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SyncError(_("The stored password cannot be read (the encryption key changed?): enter it again.")) \
            from exc


def server_password(server) -> str:
    if server.password_env:
        password = os.environ.get(server.password_env, "")
        if not password:
            raise SyncError(_("The environment variable %(name)s holding the password is not set.")
                            % {"name": server.password_env})
        return password
    if server.password_encrypted:
        return decrypt_password(server.password_encrypted)
    return ""
