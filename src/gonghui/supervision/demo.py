"""Demo supervision records: the factory's and the school's supervision committees with certified supervisors,
an inspection each (one signed, one refused), a 监督意见书 answered and rectified, one ignored and sent on by the
county federation as a 监督建议书, and one whose written answer is still due (an inbox item)."""
import datetime

from gonghui.core.errors import ActionError

from . import actions

FINDINGS = {"factory": ("劳动合同签订和工时制度", "一线车间存在连续加班超过法定上限；部分劳务派遣人员未签订书面劳动合同", "refused",
                        "生产副厂长拒绝签字，两名监督员在场见证"),
            "school": ("教职工带薪年休假落实", "部分教职工连续两年未安排年休假，也未支付未休年休假工资报酬", "signed", "校办主任")}


def _try(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ActionError:
        return None


def populate(ctx):
    county_officer = next((u for name, u in ctx.users.items() if name.startswith("county")), None)
    for key in ("factory", "school"):
        org, officer = ctx.unions.get(key), ctx.users.get(f"{key}_chair") or ctx.users.get(f"{key}_officer")
        if org is not None and officer is not None:
            _org(ctx, key, org, officer, county_officer)


def _org(ctx, key, org, officer, county_officer):
    today = ctx.today
    committee = _try(actions.save_committee, officer, org, name=f"{org.name}劳动法律监督委员会",
                     established_on=datetime.date(today.year - 2, 5, 1))
    if committee is None:
        return
    people = [p for p in (_try(actions.add_supervisor, officer, committee, name=name, certificate_no=f"{org.code}-JD-{i}",
                                issued_on=datetime.date(today.year - 2, 6, 1), expires_on=datetime.date(today.year + 3, 5, 31))
                          for i, name in enumerate(("周监督", "吴监督", "郑监督"), start=1)) if p]
    subject, findings, signature, signer = FINDINGS[key]
    day = today - datetime.timedelta(days=60)
    inspection = _try(actions.record_inspection, officer, committee, employer=org.name.removesuffix("工会"),
                      inspected_on=day, subject=subject, findings=findings, supervisors=people[:2],
                      signature=signature, signer=signer)
    if inspection is None:
        return
    received = day + datetime.timedelta(days=3)
    opinion = _try(actions.issue_opinion, officer, inspection, number=f"{org.code}工监〔{today.year}〕1号",
                   issued_on=received, received_on=received, requirements="请依法整改上述问题，并书面答复整改情况。")
    if opinion is None:
        return
    if key == "school":
        _try(actions.record_answer, officer, opinion, answered_on=received + datetime.timedelta(days=10),
             answer="已制定年休假补休计划，并于下月发放未休年休假工资报酬。")
        _try(actions.follow_up, officer, opinion, day=received + datetime.timedelta(days=40), note="经复查已整改到位",
             rectified=True)
    else:
        _try(actions.follow_up, officer, opinion, day=received + datetime.timedelta(days=30),
             note="逾期未书面答复，经督促仍拒不整改", rectified=False)
        county = org.parent
        while county is not None and county.kind != "county":
            county = county.parent
        if county is not None and county_officer is not None:
            _try(actions.send_recommendation, county_officer, opinion, county, number=f"县工监建〔{today.year}〕1号",
                 department="县人力资源和社会保障局", sent_on=received + datetime.timedelta(days=35))
    # A recent inspection whose opinion awaits the written answer (the inbox shows it as it comes due).
    recent = _try(actions.record_inspection, officer, committee, employer=org.name.removesuffix("工会"),
                  inspected_on=today - datetime.timedelta(days=20), subject="女职工特殊劳动保护",
                  findings="孕期女职工仍安排夜班", supervisors=people[1:3], signature="signed", signer="人事负责人")
    if recent:
        when = today - datetime.timedelta(days=18)
        _try(actions.issue_opinion, officer, recent, number=f"{org.code}工监〔{today.year}〕2号", issued_on=when,
             received_on=when, requirements="请立即调整孕期女职工班次，并书面答复。")
