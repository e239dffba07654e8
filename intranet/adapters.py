from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No public signup: accounts are created by the coordination or by `import_staff`."""

    def is_open_for_signup(self, request):
        return False
