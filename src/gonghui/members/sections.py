"""Links other apps put on a member's page (their records of this member), without members importing them.

An app registers a provider in its ``AppConfig.ready``: ``provider(user, member) -> [(label, url), ...]``; the
provider checks its own capability and returns nothing when the user may not see its records."""
_PROVIDERS = []


def register(provider):
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def links(user, member):
    return [link for provider in _PROVIDERS for link in (provider(user, member) or [])]
