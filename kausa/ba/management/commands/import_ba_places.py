"""Import the job agency's apprenticeship offers around a postal code (see kausa.ba.services).

Organisations have no slug: `--organisation` takes the id or the exact name.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.ba.jobsuche import jobsuche_client
from kausa.ba.models import ImportRun
from kausa.ba.services import ba_import_execute, ba_import_start
from kausa.core.models import Organisation


class Command(BaseCommand):
    help = (
        "Import apprenticeship offers of the job agency (BA Jobsuche) around a postal code "
        "as places of an organisation. Only the region is sent to the agency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="id or exact name")
        parser.add_argument("--postal-code", required=True)
        parser.add_argument("--radius", type=int, default=50, help="km (0 to 200)")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("de")
        organisation = _organisation(options["organisation"])
        try:
            run = ba_import_start(
                actor=None,
                organisation=organisation,
                postal_code=options["postal_code"].strip(),
                radius_km=options["radius"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        client = jobsuche_client()
        try:
            ba_import_execute(run, client, on_progress=self._progress)
        finally:
            client.close()
        self.stdout.write(_summary(run))
        if run.state != ImportRun.State.DONE:
            raise CommandError(_("The import failed."))

    def _progress(self, run: ImportRun) -> None:
        self.stdout.write(
            _("page %(pages)s: %(fetched)s offers fetched")
            % {"pages": run.pages, "fetched": run.fetched}
        )


def _organisation(value: str) -> Organisation:
    found = Organisation.objects.filter(name=value).first()
    if found is None and value.isdigit():
        found = Organisation.objects.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(_("No organisation with the id or name %(value)s.") % {"value": value})
    return found


def _summary(run: ImportRun) -> str:
    return _(
        "Import %(id)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
        "%(closed)s closed, %(rejected)s not imported, %(duplicates)s duplicates "
        "(%(requests)s requests, %(retries)s repeated)."
    ) % {
        "id": run.pk,
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "closed": run.closed,
        "rejected": run.rejected,
        "duplicates": run.duplicates,
        "requests": run.request_stats.get("requests", 0),
        "retries": run.request_stats.get("retries", 0),
    }
