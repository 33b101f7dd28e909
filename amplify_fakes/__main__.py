"""``python -m amplify_fakes`` runs the ``amplify-fakes`` command."""

from amplify_fakes.cli import main

raise SystemExit(main())
