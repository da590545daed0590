from __future__ import annotations

from servicefit.cli import main

raise SystemExit(main())
