"""`python -m irru`."""

from .cli import main

raise SystemExit(main())
