"""Opening a member's self-service login from the roster's pages and API.

Logins and roles (``accounts``) sit above the roster: accounts import members, never the reverse. So the
action that creates the login is supplied by the accounts app when it loads (``provide``, from
``AccountsConfig.ready``: ``accounts.actions.link_member_account``); the roster only calls it.
"""
_link = None


def provide(link):
    """Install the action ``link(actor, member, *, username, password) -> User``."""
    global _link
    _link = link


def link_member_account(actor, member, *, username, password):
    """Give ``member`` a login (see ``accounts.actions.link_member_account``); returns the new user."""
    if _link is None:
        raise RuntimeError("accounts app not loaded: members cannot be given a login")
    return _link(actor, member, username=username, password=password)
