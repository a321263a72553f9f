from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Hooks allauth gives us; sign-up stays open, the profile is completed after it."""
