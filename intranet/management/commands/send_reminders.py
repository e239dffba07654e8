from django.core.management.base import BaseCommand
from django.utils import timezone

from intranet.hooks import REMINDER_PROVIDERS, registered
from intranet.management.commands.anonymise_departed import run_anonymisation
from intranet.reminders import send_due_reminders


class Command(BaseCommand):
    help = ("Send every reminder that is due today, then anonymise the people whose retention period is over. "
            "The single cron entry point (run it hourly or daily).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        providers = registered(REMINDER_PROVIDERS)
        if not providers:
            self.stdout.write("No reminder provider is registered yet: nothing to send.")
            run_anonymisation(self.stdout, self.style)
            return

        def progress(name: str, count: int) -> None:
            self.stdout.write(f"  {name}: {count} reminder(s) sent")

        self.stdout.write(f"Sending reminders due on {today:%Y-%m-%d} from {len(providers)} provider(s)…")
        sent = send_due_reminders(providers=providers, today=today, on_progress=progress)
        self.stdout.write(self.style.SUCCESS(f"{sum(sent.values())} reminder(s) sent."))
        run_anonymisation(self.stdout, self.style)
