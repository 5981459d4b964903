"""`manage.py content_defaults [--organisation ID]`: the default portal pages in German."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.core.models import Organisation
from kausa.portal.content.services import content_defaults
from kausa.portal.tenancy import portal_organisation


class Command(BaseCommand):
    help = (
        "Create the portal's training, help, privacy and imprint pages in German for the "
        "portal organisation (or --organisation ID), each only if it is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", type=int, help="organisation id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["organisation"]:
            organisation = Organisation.objects.filter(pk=options["organisation"]).first()
        else:
            organisation = portal_organisation()
        if organisation is None:
            raise CommandError("No organisation: pass --organisation ID.")
        created = content_defaults(organisation)
        self.stdout.write(f"{len(created)} page(s) created for {organisation}.")
