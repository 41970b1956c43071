"""Web pages. Each app owns its own ``urls.py``; this file only mounts them."""
from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.core.urls")),        # home/dashboard, audit, jobs, i18n
    path("", include("gonghui.accounts.urls")),    # login, logout, password, roles, me
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("finance/ledger/", include("gonghui.ledger.urls")),
    path("finance/dues/", include("gonghui.dues.urls")),
    path("finance/funds/", include("gonghui.funds.urls")),
    path("finance/rules/", include("gonghui.spending.urls")),
    path("finance/", include("gonghui.finaudit.urls")),       # finance home, 经审, disclosure
]
