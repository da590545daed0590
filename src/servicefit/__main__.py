from __future__ import annotations

from servicefit.cli.app import main

raise SystemExit(main())
