"""The ``gonghui`` console command: Django's management commands plus the product's own.

    gonghui serve                  migrate, start the job worker and serve http://127.0.0.1:8000
    gonghui demo [--members N]     load the demo dataset
    gonghui import-members FILE --org CODE [--update] [--dry-run]
    gonghui export-members --org CODE -o FILE.xlsx
    gonghui orgs                   the organisation tree
    gonghui worker                 run queued jobs (imports, exports) until stopped
    gonghui <any Django command>   migrate, createsuperuser, shell, ...

Hyphens and underscores in command names are interchangeable.
"""
import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) == 1 or argv[1] in ("-h", "--help"):
        print(__doc__)
        if len(argv) == 1:
            return 0
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
