"""Entry point for ``python -m kausa.events.speeddating`` (see kausa.events.speeddating.cli)."""

from kausa.events.speeddating.cli import main

raise SystemExit(main())
