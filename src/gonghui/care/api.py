"""REST endpoints for care (mounted under /api/care/).

Rows come from ``visible_to``; unions and members are found by code and member number inside the
caller's scope, so anything out of scope is a 404 (paths) or a 400 naming the field (bodies).
Changes are ``care.actions`` calls: 403 without the capability, 400 with Chinese messages per field.
"""
import datetime

from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from gonghui.core.capabilities import CARE, SEE_HARDSHIP, VIEW
from gonghui.core import parsing, scope
from gonghui.core.api import NOT_FOUND, NewestFirstPagination, get_or_404
from gonghui.core.errors import ActionError
from gonghui.core.metrics import percent
from gonghui.orgs.lookups import find_org
from gonghui.orgs.unions import default_union, union_field
from gonghui.members.models import Member
from gonghui.orgs.models import Kind

from . import actions, occasions, queries, reminders
from .models import Distribution, DistributionRow, HardshipFile, HardshipHelp, PovertyLine, SurveyAnswer, Visit
from .serializers import (CareAnswerInputSerializer, CareAnswerSerializer, CareDistributionInputSerializer,
                          CareDistributionSerializer, CareEvidenceInputSerializer, CareExitInputSerializer,
                          CareFileInputSerializer, CareFileSerializer, CareFiguresSerializer, CareHelpInputSerializer,
                          CareHelpSerializer, CareHistorySerializer, CareOccasionInputSerializer,
                          CareOccasionSerializer, CarePovertyLineInputSerializer, CarePovertyLineSerializer,
                          CareRemindersSerializer, CareReverifyInputSerializer, CareRowSerializer,
                          CareVisitInputSerializer, CareVisitSerializer)

ORG_PARAM = OpenApiParameter("org", str, description="组织代码（默认：您有送温暖权限的第一个基层工会）")


def _valid(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _union(user, code, field="union"):
    return union_field(user, code, CARE, field=field, message=_("请填写基层工会代码"))


def _default_org(request, cap=CARE):
    code = (request.query_params.get("org") or "").strip()
    if code:
        try:
            return find_org(request.user, code, field="org", cap=cap)
        except ActionError:
            raise Http404(NOT_FOUND) from None
    union = default_union(request.user, cap)
    if union is None:
        raise Http404(NOT_FOUND)
    return union


def _member(user, union, member_no):
    """A member number, or a name/pinyin naming one member of the union (the web form's picker)."""
    from gonghui.members.pickers import resolve

    return resolve(user, member_no, field="member_no", cap=CARE, union=union)


def _rename(exc, mapping):
    return ActionError(errors={mapping.get(k, k): v for k, v in exc.message_dict.items()})


@extend_schema_view(list=extend_schema(summary="走访慰问（最新在前）"), retrieve=extend_schema(summary="走访慰问详情"),
                    destroy=extend_schema(summary="删除误登记的走访（未生成开支的）"))
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                   viewsets.GenericViewSet):
    serializer_class = CareVisitSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Visit.objects.visible_to(self.request.user, VIEW).select_related("member", "org", "expense")

    @extend_schema(summary="登记走访慰问（有金额时按开支规则检查并生成凭证草稿）", request=CareVisitInputSerializer,
                   responses={201: CareVisitSerializer})
    def create(self, request):
        body = _valid(CareVisitInputSerializer, request)
        union = _union(request.user, body["union"])
        try:
            member = _member(request.user, union, body["member_no"])
            visit = actions.record_visit(request.user, member, occasion=body["occasion"], date=body["date"],
                                         visitors=body["visitors"], gift=body["gift"], amount=body["amount"],
                                         form=body["form"], note=body["note"],
                                         override_reason=body["override_reason"])
        except ActionError as exc:
            raise _rename(exc, {"member": "member_no"}) from None
        return Response(CareVisitSerializer(self.get_queryset().get(pk=visit.pk)).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        visit = get_or_404(Visit.objects.visible_to(request.user, CARE), pk=pk)
        actions.delete_visit(request.user, visit)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="满意度回访（本人填写或干事录入纸质问卷）", request=CareAnswerInputSerializer,
                   responses={201: CareAnswerSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        body = _valid(CareAnswerInputSerializer, request)
        row = actions.answer_survey(request.user, visit=self.get_object(), answer=body["answer"],
                                    comment=body["comment"])
        return Response(CareAnswerSerializer(row).data, status=status.HTTP_201_CREATED)


def _clear(user):
    return lambda f: scope.can(user, SEE_HARDSHIP, f.org)


@extend_schema_view(list=extend_schema(summary="困难职工档案（类别与状态；详情仅有权限者可见）"),
                    retrieve=extend_schema(summary="困难职工档案详情"))
class FileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CareFileSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return (HardshipFile.objects.visible_to(self.request.user, VIEW).select_related("member", "org")
                .prefetch_related("evidence"))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "clear": _clear(self.request.user)}

    def _data(self, f):
        return CareFileSerializer(self.get_queryset().get(pk=f.pk), context=self.get_serializer_context()).data

    def _care_file(self, pk):
        return get_or_404(HardshipFile.objects.visible_to(self.request.user, CARE), pk=pk)

    @extend_schema(summary="困难职工建档（一人一档；提交须有证明材料）", request=CareFileInputSerializer,
                   responses={201: CareFileSerializer})
    def create(self, request):
        body = _valid(CareFileInputSerializer, request)
        union = _union(request.user, body["union"])
        try:
            member = _member(request.user, union, body["member_no"])
            f = actions.create_file(request.user, member, data=body, evidence=body["evidence"], submit=body["submit"])
        except ActionError as exc:
            raise _rename(exc, {"member": "member_no"}) from None
        return Response(self._data(f), status=status.HTTP_201_CREATED)

    @extend_schema(summary="上传证明材料", request={"multipart/form-data": CareEvidenceInputSerializer},
                   responses={201: CareFileSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        f = self._care_file(pk)
        actions.add_evidence(request.user, f, _valid(CareEvidenceInputSerializer, request)["file"])
        return Response(self._data(f), status=status.HTTP_201_CREATED)

    @extend_schema(summary="提交建档（检查证明材料、帮扶计划与困难类别）", request=None, responses=CareFileSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return Response(self._data(actions.submit_file(request.user, self._care_file(pk))))

    @extend_schema(summary="年度核实", request=CareReverifyInputSerializer, responses=CareFileSerializer)
    @action(detail=True, methods=["post"])
    def reverify(self, request, pk=None):
        f = self._care_file(pk)
        body = _valid(CareReverifyInputSerializer, request)
        return Response(self._data(actions.reverify_file(request.user, f, data=body, date=body["verified_on"])))

    @extend_schema(summary="退出", request=CareExitInputSerializer, responses=CareFileSerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request, pk=None):
        f = self._care_file(pk)
        body = _valid(CareExitInputSerializer, request)
        return Response(self._data(actions.exit_file(request.user, f, reason=body["reason"], date=body.get("date"))))

    @extend_schema(summary="登记帮扶（有金额时按困难补助标准检查）", request=CareHelpInputSerializer,
                   responses={201: CareHelpSerializer})
    @action(detail=True, methods=["post"])
    def help(self, request, pk=None):
        f = self._care_file(pk)
        body = _valid(CareHelpInputSerializer, request)
        row = actions.record_help(request.user, f, date=body["date"], kind=body["kind"],
                                  description=body["description"], amount=body["amount"],
                                  override_reason=body["override_reason"])
        return Response(CareHelpSerializer(row).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="节日、生日慰问品发放名单"), retrieve=extend_schema(summary="发放名单"))
class DistributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CareDistributionSerializer
    pagination_class = NewestFirstPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return Distribution.objects.visible_to(self.request.user, VIEW).select_related("union")

    @extend_schema(summary="登记发放名单（一笔开支；同一节日每人每年一次；全年节日慰问品上限）",
                   request=CareDistributionInputSerializer, responses={201: CareDistributionSerializer})
    def create(self, request):
        body = _valid(CareDistributionInputSerializer, request)
        union = _union(request.user, body["union"])
        chosen = queries.chosen_members(request.user, union, {"group": body["group"], "member_nos": " ".join(body["member_nos"])})
        d = actions.distribute(request.user, union, kind=body["kind"], festival=body["festival"], month=body["month"],
                               members=chosen, date=body["date"], description=body["description"],
                               amount_per_person=body["amount_per_person"], form=body["form"],
                               override_reason=body["override_reason"])
        return Response(CareDistributionSerializer(d).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="名单中的签收情况（您范围内的行）", responses=CareRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=NewestFirstPagination)
    def rows(self, request, pk=None):
        rows = (DistributionRow.objects.visible_to(request.user, VIEW).filter(distribution_id=pk)
                .select_related("member", "signed_by").order_by("id"))
        if not rows.exists():
            self.get_object()  # a list the caller sees nothing of is a 404 unless it is their union's
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CareRowSerializer(page, many=True).data)


class RowSignView(APIView):
    @extend_schema(summary="签收（本人、小组长或干事登记纸质签收）", request=None, responses=CareRowSerializer)
    def post(self, request, pk):
        row = get_or_404(DistributionRow.objects.visible_to(request.user, VIEW), pk=pk)
        row = actions.sign_row(request.user, row)
        return Response(CareRowSerializer(row).data)


class HelpAnswerView(APIView):
    @extend_schema(summary="对帮扶的满意度评价", request=CareAnswerInputSerializer, responses={201: CareAnswerSerializer})
    def post(self, request, pk):
        row = get_or_404(HardshipHelp.objects.visible_to(request.user, VIEW).select_related("member"), pk=pk)
        body = _valid(CareAnswerInputSerializer, request)
        answer = actions.answer_survey(request.user, help_row=row, answer=body["answer"], comment=body["comment"])
        return Response(CareAnswerSerializer(answer).data, status=status.HTTP_201_CREATED)


class OccasionsView(APIView):
    @extend_schema(summary="本工会的走访事由（五必访等）", parameters=[ORG_PARAM],
                   responses=CareOccasionSerializer(many=True))
    def get(self, request):
        union = _default_org(request)
        if union.kind != Kind.GRASSROOTS:
            raise Http404(NOT_FOUND)
        rows = occasions.for_union(union, include_inactive=True)
        return Response(CareOccasionSerializer([r.__dict__ for r in rows], many=True).data)

    @extend_schema(summary="增设或修改走访事由", request=CareOccasionInputSerializer, responses=CareOccasionSerializer)
    def post(self, request):
        body = _valid(CareOccasionInputSerializer, request)
        union = _union(request.user, body["union"])
        row = actions.save_occasion(request.user, union, code=body["code"], name=body["name"],
                                    expense_kind=body["expense_kind"], must_visit=body["must_visit"],
                                    active=body["active"])
        return Response({"code": row.code, "name": row.name, "expense_kind": row.expense_kind,
                         "must_visit": row.must_visit, "active": row.active, "custom": row.code.startswith("u")})


class PovertyLinesView(APIView):
    @extend_schema(summary="适用于该组织的低保标准（本级及上级设定的）", parameters=[ORG_PARAM],
                   responses=CarePovertyLineSerializer(many=True))
    def get(self, request):
        org = _default_org(request, VIEW)
        paths = org.ancestor_paths()
        rows = PovertyLine.objects.filter(org__path__in=paths).select_related("org").order_by("-org__path",
                                                                                              "-effective_from")
        return Response(CarePovertyLineSerializer(rows, many=True).data)

    @extend_schema(summary="设定低保标准", request=CarePovertyLineInputSerializer,
                   responses={201: CarePovertyLineSerializer})
    def post(self, request):
        body = _valid(CarePovertyLineInputSerializer, request)
        org = find_org(request.user, body["org"], field="org")
        line = actions.set_poverty_line(request.user, org, amount=body["amount"],
                                        effective_from=body["effective_from"], source=body["source"])
        return Response(CarePovertyLineSerializer(line).data, status=status.HTTP_201_CREATED)


class FiguresView(APIView):
    @extend_schema(summary="送温暖统计：走访人次、覆盖人数、支出、满意率、困难职工户数",
                   parameters=[ORG_PARAM, OpenApiParameter("year", int, description="年度（默认今年）")],
                   responses=CareFiguresSerializer)
    def get(self, request):
        org = _default_org(request)
        today = timezone.localdate()
        year = parsing.year(request.query_params.get("year"), default=today.year)
        start, end = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)
        counts = queries.visit_counts(org, start, end)
        spent = queries.money_spent(org, start, end)
        s, b, d, answers = queries.satisfaction(org, start, end)
        rate = percent(s + b, answers)
        return Response({
            "org": org.code, "year": year, "visits": sum(n for _o, n, _w in counts),
            "women": sum(w for _o, _n, w in counts), "by_occasion": {o: n for o, n, _w in counts},
            "people_reached": len(queries.people_reached(org, start, end)),
            "money_spent": {k: str(v) for k, v in spent.items()},
            "satisfaction_rate": None if rate is None else str(rate), "answers": answers,
            "hardship_files": dict(queries.open_files_on(org, end))})


class RemindersView(APIView):
    @extend_schema(summary="提醒：30天内的生日、60天内到期的年度核实", parameters=[ORG_PARAM],
                   responses=CareRemindersSerializer)
    def get(self, request):
        org = _default_org(request)
        up = reminders.upcoming(org, timezone.localdate())
        return Response({
            "birthdays": [{"member": m.pk, "name": m.name, "date": m.next_birthday.isoformat(), "turning": m.turning,
                           "round_number": m.round_number} for m in up.birthdays],
            "reverifications": [{"file": f.pk, "member": f.member.name, "due": f.next_verification.isoformat(),
                                 "overdue": f.overdue} for f in up.reverifications]})


class MemberHistoryView(APIView):
    @extend_schema(summary="会员的关怀记录（走访、慰问品、签收、档案、回访）", responses=CareHistorySerializer)
    def get(self, request, member_id):
        member = get_or_404(Member.objects.visible_to(request.user, VIEW), pk=member_id)
        h = queries.member_history(member)
        if not queries.may_see_benefits(request.user, member):
            h["benefits"] = []
        return Response({
            "member": member.pk, "name": member.name, "visits": CareVisitSerializer(h["visits"], many=True).data,
            "benefits": [{"date": b.date.isoformat(), "kind": b.kind, "festival": b.festival, "amount": str(b.amount),
                          "description": b.description} for b in h["benefits"]],
            "greetings": CareRowSerializer(h["greetings"], many=True).data,
            "files": [{"id": f.pk, "status": f.status, "category": f.category} for f in h["files"]],
            "answers": CareAnswerSerializer(h["answers"], many=True).data})


class AnswersView(APIView):
    pagination_class = NewestFirstPagination  # paged by hand below; named here so the schema documents the pages

    @extend_schema(summary="满意度回访记录", parameters=[ORG_PARAM], responses=CareAnswerSerializer(many=True))
    def get(self, request):
        if scope.prefixes(request.user, CARE) == []:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("无权办理送温暖工作"))
        qs = SurveyAnswer.objects.visible_to(request.user, CARE)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(CareAnswerSerializer(page, many=True).data)


router = SimpleRouter()
router.register("visits", VisitViewSet, basename="care-visit")
router.register("hardship-files", FileViewSet, basename="care-file")
router.register("greetings", DistributionViewSet, basename="care-distribution")

urlpatterns = router.urls + [
    path("greeting-rows/<int:pk>/sign/", RowSignView.as_view(), name="care-row-sign"),
    path("hardship-help/<int:pk>/answer/", HelpAnswerView.as_view(), name="care-help-answer"),
    path("occasions/", OccasionsView.as_view(), name="care-occasions"),
    path("poverty-lines/", PovertyLinesView.as_view(), name="care-poverty-lines"),
    path("figures/", FiguresView.as_view(), name="care-figures"),
    path("reminders/", RemindersView.as_view(), name="care-reminders"),
    path("answers/", AnswersView.as_view(), name="care-answers"),
    path("members/<int:member_id>/history/", MemberHistoryView.as_view(), name="care-member-history"),
]
