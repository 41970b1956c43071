from django.urls import path

from . import views

app_name = "mutualaid"
urlpatterns = [
    path("", views.home, name="home"),
    path("mine/", views.mine, name="mine"),
    path("figures/", views.figures, name="figures"),
    path("aid-plans/new/", views.plan_new, name="plan_new"),
    path("aid-plans/<int:pk>/", views.plan_detail, name="plan"),
    path("aid-plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("aid-plans/<int:pk>/delete/", views.plan_delete, name="plan_delete"),
    path("aid-plans/<int:pk>/enrol/", views.plan_enrol, name="plan_enrol"),
    path("aid-plans/<int:pk>/renew/", views.plan_renew, name="plan_renew"),
    path("aid-plans/<int:pk>/next-year/", views.plan_next_year, name="plan_next_year"),
    path("aid-plans/<int:pk>/enrolments/", views.plan_enrolments, name="enrolments"),
    path("aid-enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("aid-enrolments/<int:pk>/restore/", views.enrolment_restore, name="enrolment_restore"),
    path("aid-enrolments/<int:pk>/claim/", views.claim_on_behalf, name="claim_on_behalf"),
    path("aid-batches/<int:pk>/voucher/", views.batch_voucher, name="batch_voucher"),
    path("aid-claims/", views.claims, name="claims"),
    path("aid-claims/<int:pk>/", views.claim_detail, name="claim"),
    path("aid-claims/<int:pk>/review/", views.claim_review, name="claim_review"),
    path("aid-claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("aid-claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("aid-claims/<int:pk>/pay/", views.claim_pay, name="claim_pay"),
    path("checkups/", views.checks, name="checks"),
    path("checkups/<int:pk>/", views.check_detail, name="check"),
    path("checkups/<int:pk>/delete/", views.check_delete, name="check_delete"),
    path("checkups/<int:pk>/slots/", views.check_slot_add, name="slot_add"),
    path("checkups/<int:pk>/export/", views.check_export, name="check_export"),
    path("checkups/<int:pk>/slots/<int:slot_id>/", views.slot_attendance, name="slot"),
    path("checkups/<int:pk>/slots/<int:slot_id>/delete/", views.slot_delete, name="slot_delete"),
]
