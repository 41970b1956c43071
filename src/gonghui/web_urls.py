"""Web pages. Each app owns its own ``urls.py``; this file only mounts them."""
from django.urls import include, path

urlpatterns = [
    path("", include("gonghui.overview.urls")),    # home/dashboard, audit; with core's jobs and i18n
    path("", include("gonghui.accounts.urls")),    # login, logout, password, roles, me
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("finance/ledger/", include("gonghui.ledger.urls")),
    path("finance/dues/", include("gonghui.dues.urls")),
    path("finance/funds/", include("gonghui.funds.urls")),
    path("finance/rules/", include("gonghui.spending.urls")),
    path("finance/", include("gonghui.finaudit.urls")),       # finance home, 经审, disclosure
    path("activities/", include("gonghui.activities.urls")),
    path("contests/", include("gonghui.contests.urls")),
    path("care/", include("gonghui.care.urls")),
    path("mutual-aid/", include("gonghui.mutualaid.urls")),
    path("congress/", include("gonghui.congress.urls")),
    path("elections/", include("gonghui.elections.urls")),
    path("notices/", include("gonghui.notices.urls")),
    path("plans/", include("gonghui.plans.urls")),
    path("", include("gonghui.notify.urls")),     # me/notifications, notify/channels, notify/outbox
    path("bargaining/", include("gonghui.bargaining.urls")),
    path("appeals/", include("gonghui.appeals.urls")),
    path("mediation/", include("gonghui.mediation.urls")),
    path("women/", include("gonghui.women.urls")),
    path("supervision/", include("gonghui.supervision.urls")),
    path("ratings/", include("gonghui.ratings.urls")),
    path("safety/", include("gonghui.safety.urls")),
    path("suggestions/", include("gonghui.suggestions.urls")),
    path("honours/", include("gonghui.honours.urls")),
    path("inbox/", include("gonghui.inbox.urls")),
    path("ops/", include("gonghui.ops.urls")),       # background jobs for system administrators
    path("federation/", include("gonghui.federation.urls")),
]
