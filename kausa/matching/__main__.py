"""Entry point for ``python -m kausa.matching`` (see kausa.matching.cli)."""

from kausa.matching.cli import main

raise SystemExit(main())
