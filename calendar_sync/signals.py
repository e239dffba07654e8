"""What the cache keeps about rooms is forgotten as soon as it changes (intranet.caching.bump): the
room cards of the finder (presenters.RoomFacts) show a room's name, library, capacity, access,
approval and equipment, and who may book it."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from intranet.caching import bump
from intranet.models import Library

from .models import AgendaEvent, Equipment, IcsImport, IcsImportStatus, Room, RoomEquipment
from .sync import triggers as sync_triggers


@receiver([post_save, post_delete], sender=Room, dispatch_uid="calendar_sync_room_changed")
@receiver([post_save, post_delete], sender=RoomEquipment, dispatch_uid="calendar_sync_room_equipment_changed")
@receiver([post_save, post_delete], sender=Equipment, dispatch_uid="calendar_sync_equipment_changed")
@receiver([post_save, post_delete], sender=Library, dispatch_uid="calendar_sync_library_changed")
@receiver(m2m_changed, sender=Room.allowed_groups.through, dispatch_uid="calendar_sync_room_groups_changed")
def forget_room_facts(sender, **kwargs):
    bump("rooms")


# --- sync: a network calendar pushed to CalDAV is pushed again after one of its events changes
# (bookings are pushed from the services, which change them in bulk: services._log).
@receiver([post_save, post_delete], sender=AgendaEvent, dispatch_uid="calendar_sync_push_changed_event")
def push_changed_event(sender, instance, **kwargs):
    sync_triggers.calendar_changed(instance.calendar_id)


# Imports write events in bulk (no post_save per event): a confirmed import pushes its calendar.
@receiver(post_save, sender=IcsImport, dispatch_uid="calendar_sync_push_imported_calendar")
def push_imported_calendar(sender, instance, **kwargs):
    if instance.status == IcsImportStatus.DONE:
        sync_triggers.calendar_changed(instance.calendar_id)
