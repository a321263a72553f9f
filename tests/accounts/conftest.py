import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Factories set a password for every person; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts sign-ins and e-mails in the cache; each test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
