#!/usr/bin/env python
"""Django's command-line utility for OpenSched."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opensched.settings")
    if "SECRET_KEY" not in os.environ and "DEBUG" not in os.environ:
        # A bare checkout: development mode. A production environment sets SECRET_KEY, which
        # leaves DEBUG off; the WSGI/ASGI entry points never get this default.
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
