"""Calendars kept in step with the outside: remote .ics subscriptions, CalDAV push and pull (issue 11,
points 5 and 6). net.py fetches URLs safely; subscriptions.py, caldav_push.py and caldav_pull.py do the
work; runner.py runs them all (`manage.py sync_calendars`); tasks.py pushes after each change."""
