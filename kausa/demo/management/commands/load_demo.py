"""`manage.py load_demo --size small|national [--seed N] [--output DIR]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kausa.core.models import Role
from kausa.demo.small import DEFAULT_SEED, DemoSummary


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {raw!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


class Command(BaseCommand):
    help = (
        "Load synthetic demo data. --size small fills the database with one demo organisation "
        "(Sachsen-Anhalt, three offices, demo logins); it does nothing if that organisation "
        "exists. --size national writes people and apprenticeship places across Germany as "
        "numpy files for the matching benchmark."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=("small", "national"),
            default="small",
            help="small: demo organisation in the database (default); national: files",
        )
        parser.add_argument(
            "--seed", type=_seed, default=DEFAULT_SEED, help="random seed (default %(default)s)"
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="national only: output directory (default var/demo-national/)",
        )
        parser.add_argument(
            "--people", type=_positive_int, help="national only: people (default 500000)"
        )
        parser.add_argument(
            "--seats", type=_positive_int, help="national only: seats (default 500000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["size"] == "small":
            national_only = [f"--{name}" for name in ("output", "people", "seats") if options[name]]
            if national_only:
                verb = "applies" if len(national_only) == 1 else "apply"
                raise CommandError(f"{', '.join(national_only)} only {verb} to --size national")
            self.load_small(options["seed"])
        else:
            self.generate_national(options)

    def load_small(self, seed: int) -> None:
        from kausa.demo.small import load_small

        summary = load_small(seed=seed)
        if summary.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data loaded (seed {summary.seed}) in {summary.seconds:.1f} s."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"The demo organisation “{summary.organisation}” already exists: "
                    "its data is reused, nothing was changed."
                )
            )
        self.stdout.write(
            f"{summary.organisation}: {summary.offices} offices, {summary.people} people, "
            f"{summary.companies} companies, {summary.vacancies} apprenticeship places "
            f"({summary.seats} seats), {summary.partners} network partners."
        )
        self.stdout.write(self.logins_block(summary))

    def logins_block(self, summary: DemoSummary) -> str:
        rows = [("username", "role", "office")]
        for login in summary.logins:
            office = login.office or "all offices of the organisation"
            rows.append((login.username, str(Role(login.role).label), office))
        widths = [max(len(row[i]) for row in rows) for i in range(2)]
        lines = [
            "",
            "=" * 72,
            f"Demo logins - password for all: {summary.password}",
            "-" * 72,
            *(f"  {u:<{widths[0]}}  {r:<{widths[1]}}  {o}" for u, r, o in rows),
            "-" * 72,
            "Staff sign in at /staff/login/. The public portal is at /de/ (and /ar/, /uk/ …);",
            "company users sign in there at /de/account/login/ with the same password:",
            *(f"  {email}" for email in self.company_users(summary)),
            "-" * 72,
            "For local demos only: change these passwords before anyone else can connect.",
            "=" * 72,
        ]
        return "\n".join(lines)

    def company_users(self, summary: DemoSummary) -> list[str]:
        from kausa.portal.accounts.models import PortalAccount

        accounts = PortalAccount.objects.filter(
            organisation__name=summary.organisation, company__isnull=False
        ).select_related("company")
        return [
            f"{account.email} ({account.company.name if account.company else ''})"
            for account in accounts.order_by("pk")
        ]

    def generate_national(self, options: dict[str, Any]) -> None:
        from kausa.demo.national import generate_national

        output = options["output"] or Path(settings.BASE_DIR) / "var" / "demo-national"
        if output.exists() and not output.is_dir():
            raise CommandError(f"--output {output} exists and is not a directory")
        summary = generate_national(
            seed=options["seed"],
            people=options["people"] or 500_000,
            seats=options["seats"] or 500_000,
            output_dir=output,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"National demo data (seed {summary.seed}) written to {summary.output_dir} "
                f"in {summary.seconds:.1f} s: {summary.people} people, {summary.places} "
                f"apprenticeship places with {summary.seats} seats "
                "(people.npz, places.npz, meta.json)."
            )
        )
