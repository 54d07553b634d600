"""``python -m selector`` runs the CLI."""

from selector.cli.entry import main

if __name__ == "__main__":  # pragma: no cover
    main()
