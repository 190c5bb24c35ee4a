"""``python -m briefgen``: the command line."""

from briefgen.cli import main

raise SystemExit(main())
