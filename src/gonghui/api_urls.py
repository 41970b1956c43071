"""REST API mounted at /api/. Each app owns its own ``api.py`` with a ``router`` or ``urlpatterns``.

The OpenAPI schema is at /api/schema/ and the interactive docs (Swagger UI) at /api/docs/, served
from this installation's static files (drf-spectacular-sidecar), never a CDN. (drf-spectacular's
ReDoc page is left out: its template loads web fonts from a CDN.)
"""
from django.templatetags.static import static
from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gonghui.accounts import api as accounts_api
from gonghui.core import api as core_api


def _sidecar(path):
    return static(f"drf_spectacular_sidecar/{path}")


@method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}), name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI from the bundled sidecar files, whatever SPECTACULAR_SETTINGS says about dists. Its start-up
    script is a second request to this view (``?script``), not an inline <script>, so the site's
    Content-Security-Policy holds; only inline styles (Swagger UI sets them itself) are allowed on this page."""

    @staticmethod
    def _swagger_ui_resource(filename):
        return _sidecar(f"swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return _sidecar("swagger-ui-dist/favicon-32x32.png")


app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("auth/token/", accounts_api.TokenView.as_view(), name="token"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("me/password/", accounts_api.PasswordView.as_view(), name="password"),
    path("auth/2fa/", accounts_api.TwoFactorStartView.as_view(), name="2fa_start"),
    path("auth/2fa/confirm/", accounts_api.TwoFactorConfirmView.as_view(), name="2fa_confirm"),
    path("me/2fa/", accounts_api.MyTwoFactorView.as_view(), name="my_2fa"),
    path("me/2fa/recovery-codes/", accounts_api.MyRecoveryCodesView.as_view(), name="my_recovery_codes"),
    path("", include(core_api.endpoints().urls)),
    path("", include("gonghui.overview.api")),
    path("", include("gonghui.orgs.api")),
    path("", include("gonghui.members.api")),
    path("", include(accounts_api.urlpatterns)),
    path("finance/ledger/", include("gonghui.ledger.api")),
    path("finance/dues/", include("gonghui.dues.api")),
    path("finance/funds/", include("gonghui.funds.api")),
    path("finance/rules/", include("gonghui.spending.api")),
    path("finance/", include("gonghui.finaudit.api")),
    path("activities/", include("gonghui.activities.api")),
    path("contests/", include("gonghui.contests.api")),
    path("care/", include("gonghui.care.api")),
    path("mutual-aid/", include("gonghui.mutualaid.api")),
    path("congress/", include("gonghui.congress.api")),
    path("elections/", include("gonghui.elections.api")),
    path("notices/", include("gonghui.notices.api")),
    path("plans/", include("gonghui.plans.api")),
    path("notify/", include("gonghui.notify.api")),
    path("bargaining/", include("gonghui.bargaining.api")),
    path("appeals/", include("gonghui.appeals.api")),
    path("mediation/", include("gonghui.mediation.api")),
    path("women/", include("gonghui.women.api")),
    path("supervision/", include("gonghui.supervision.api")),
    path("ratings/", include("gonghui.ratings.api")),
    path("safety/", include("gonghui.safety.api")),
    path("suggestions/", include("gonghui.suggestions.api")),
    path("honours/", include("gonghui.honours.api")),
    path("inbox/", include("gonghui.inbox.api")),
    path("federation/", include("gonghui.federation.api")),
]
