"""The one error of the sync family: a subscription or a CalDAV link could not be brought in step.
Its message (translated) is what the admin listing shows as the last error."""


class SyncError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message
