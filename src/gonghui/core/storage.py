"""The file storage of uploads (``settings.STORAGES["default"]``): Django's file system storage that leaves
nothing half-written behind.

Django's ``FileSystemStorage`` creates the file and then writes it chunk by chunk; when the disk fills up
(``OSError`` ENOSPC) in between, the truncated file stays on disk while the record that would have pointed
to it is rolled back. Here the partial file is removed before the error goes on to the error page
(``core.errorpages``: 507, "the file was not saved").
"""
import os

from django.core.files.storage import FileSystemStorage


class CleanFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                remove_partial(path)
            raise


def remove_partial(path):
    """Delete a file left half-written by a failed save (if it is there)."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
