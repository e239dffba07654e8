"""Signals between the parts of governance that are written apart.

`meeting_changed` is sent by the meeting services (governance.services.meetings) inside their
transaction, after a meeting's time or place changed (`cancelled=False`) or the meeting was cancelled
(`cancelled=True`), with `meeting` (saved, its `sequence` already raised), `by` (the Person) and
`reason` (what the secretary wrote when cancelling, else ""). The convocation services listen to
it: members already convened get an update or a cancellation."""

from django.dispatch import Signal

meeting_changed = Signal()
