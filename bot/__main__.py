"""`python -m bot` is the same as `lupbot`."""

from bot.cli import main

raise SystemExit(main())
