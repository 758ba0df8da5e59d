"""`python -m irru`."""

from .launch import main

raise SystemExit(main())
