class OpsProblem(Exception):
    """A backup, restore, move or key rotation that cannot go ahead; the message is Chinese (gettext) and
    says what to do. Nothing has been changed when it is raised."""
