from django.core.management.base import BaseCommand, CommandError

from calendar_sync.sync.runner import sync_all


class Command(BaseCommand):
    help = ("Refresh the subscribed calendars (remote .ics) and the CalDAV calendars, pulled and pushed "
            "(cron, e.g. every 15 minutes). Each failure is recorded on its row and tried again next run; "
            "the exit status is non-zero only when everything failed.")

    def handle(self, *args, **options):
        def progress(outcome) -> None:
            mark = self.style.SUCCESS("ok") if outcome.ok else self.style.ERROR("FAILED")
            self.stdout.write(f"  [{mark}] {outcome.label}: {outcome.message}")

        self.stdout.write("Syncing calendars…")
        summary = sync_all(progress=progress)
        done = len(summary.outcomes)
        if not done:
            self.stdout.write("No active subscription or CalDAV calendar: nothing to do.")
            return
        if summary.all_failed:
            raise CommandError(f"All {done} calendar(s) failed.")
        style = self.style.WARNING if summary.failed else self.style.SUCCESS
        self.stdout.write(style(f"{done - summary.failed} of {done} calendar(s) in step, {summary.failed} failed."))
