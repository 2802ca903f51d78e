"""Entry point for ``python -m mi_trainer``."""

from mi_trainer.cli import main

raise SystemExit(main())
