"""The ``gonghui`` console command: Django's management commands plus the product's own.

    gonghui serve                  migrate, start the job worker and serve http://127.0.0.1:8000
    gonghui demo [--members N]     load the demo dataset
    gonghui import-members FILE --org CODE [--update] [--dry-run]
    gonghui export-members --org CODE -o FILE.xlsx
    gonghui export KIND --org CODE -o FILE [--param year=2026]   a report built as on the page (plans_report)
    gonghui orgs                   the organisation tree
    gonghui worker                 run queued jobs (imports, exports) until stopped
    gonghui backup FILE            the database, uploaded files and a manifest in one archive (never the key)
    gonghui restore FILE           restore an archive into an empty instance
    gonghui move-db --to URL       carry the database to another (empty) database, proven table by table
    gonghui rotate-key --new-key-file PATH   re-encrypt the personal data under a new key
    gonghui <any Django command>   migrate, createsuperuser, shell, ...

Hyphens and underscores in command names are interchangeable.
"""
import os
import sys

# Commands that never read or write personal data run without the key check.
NO_KEY_NEEDED = {"makemigrations", "makemessages", "compilemessages", "collectstatic", "version", "help",
                 "diffsettings", "sqlmigrate", "showmigrations", "startapp", "squashmigrations"}
# Commands that check the key themselves (``gonghui.ops``): a backup copies ciphertext without it; restore and
# move-db check it against the archive; rotate-key against the data, and it resumes an unfinished rotation.
OWN_KEY_CHECK = {"backup", "restore", "move_db", "rotate_key"}


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) == 1 or argv[1] in ("-h", "--help"):
        print(__doc__)
        if len(argv) == 1:
            return 0
    if argv[1] not in NO_KEY_NEEDED | OWN_KEY_CHECK and not argv[1].startswith("-") and not {"-h", "--help"} & set(argv[2:]):
        problem = key_problem()
        if problem:
            from django.utils.translation import gettext as _

            print(_("错误：%(problem)s") % {"problem": problem}, file=sys.stderr)
            return 2
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


def key_problem():
    """The personal-data key checked against the database before a command runs (``core.keys``)."""
    import django

    django.setup()
    from gonghui.core.keys import KeyProblem, ensure_ready

    try:
        ensure_ready()
    except KeyProblem as exc:
        return str(exc)
    finally:
        from django.db import connections

        connections.close_all()
    return None


if __name__ == "__main__":
    sys.exit(main())
