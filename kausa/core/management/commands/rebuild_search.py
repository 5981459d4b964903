from django.core.management.base import BaseCommand

from kausa.core.tasks import search_text_rebuild


class Command(BaseCommand):
    help = "Queue a rebuild of the search columns for the background worker."

    def handle(self, *args: object, **options: object) -> None:
        result = search_text_rebuild.enqueue()
        self.stdout.write(f"queued task {result.id}")
