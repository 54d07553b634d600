"""``python -m selector`` runs the CLI."""

from selector.cli.app import main

if __name__ == "__main__":  # pragma: no cover
    main()
