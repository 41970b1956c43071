"""Teams: by department or free, with the seed's composition rule (每队10名，至少女职工2名) checked
before the event; a breach is named per team and nothing is half-written."""
import pytest

from gonghui.activities import actions, queries
from gonghui.activities.models import Registration, Team
from gonghui.core.errors import ActionError

from .activities_fixtures import many_members, open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def relay(users, tree, members):
    """滚铁环竞速接力(团体赛): teams by department, 10 per team, at least 2 women."""
    return open_event(users.officer, tree.school, title="滚铁环竞速接力", team_min_size="10", team_max_size="10",
                      team_min_women="2", signup_closes="")


def _sign_all(officer, event, people):
    return [actions.sign_up(officer, event, m) for m in people]


def test_teams_by_department_put_each_branchs_members_in_its_team(relay, users, tree):
    # Every third member a woman: 10 in 语文组 (4 women), 10 in 数学组 (4 women).
    _sign_all(users.officer, relay, many_members(tree.school, tree.g1, 10, start=0))
    _sign_all(users.officer, relay, many_members(tree.school, tree.b2, 10, start=100))
    made = actions.teams_by_department(users.officer, relay)
    assert sorted((t.name, t.org.code) for t in made) == [("数学组分工会", "SCH-B2"), ("语文组分工会", "SCH-B1")]
    sizes = {t.name: t.registrations.count() for t in Team.objects.filter(event=relay)}
    assert sizes == {"语文组分工会": 10, "数学组分工会": 10}
    assert queries.team_problems(relay) == {}
    actions.confirm_teams(users.officer, relay)
    relay.refresh_from_db()
    assert relay.teams_confirmed_at is not None


def test_a_team_short_of_women_or_people_is_refused_with_each_breach_named(relay, users, tree):
    men = many_members(tree.school, tree.g1, 9, start=1, women_every=1000)  # nine men
    _sign_all(users.officer, relay, men)
    actions.teams_by_department(users.officer, relay)
    with pytest.raises(ActionError) as exc:
        actions.confirm_teams(users.officer, relay)
    assert exc.value.message_dict == {"teams": ["语文组分工会：只有9人，每队至少10人；女职工0名，每队至少2名"]}
    relay.refresh_from_db()
    assert relay.teams_confirmed_at is None


def test_assigning_beyond_the_maximum_is_refused_and_nobody_moves(relay, users, tree):
    regs = _sign_all(users.officer, relay, many_members(tree.school, tree.b2, 11, start=200))
    team = actions.create_team(users.officer, relay, name="自由一队")
    with pytest.raises(ActionError) as exc:
        actions.assign_team(users.officer, relay, registrations=regs, team=team)
    assert exc.value.message_dict == {"team": ["“自由一队”将有11人，超过每队最多10人"]}
    assert not Registration.objects.filter(team=team).exists()


def test_changing_a_team_after_confirmation_asks_for_a_new_check(relay, users, tree):
    regs = _sign_all(users.officer, relay, many_members(tree.school, tree.b2, 10, start=300))
    team = actions.create_team(users.officer, relay, name="自由一队")
    actions.assign_team(users.officer, relay, registrations=regs, team=team)
    actions.confirm_teams(users.officer, relay)
    actions.assign_team(users.officer, relay, registrations=regs[:1], team=None)
    relay.refresh_from_db()
    assert relay.teams_confirmed_at is None


def test_a_waiting_registration_cannot_join_a_team_and_names_must_be_unique(users, tree, members):
    event = open_event(users.officer, tree.school, capacity="1", signup_closes="")
    actions.sign_up(users.officer, event, members.wang)
    waiting = actions.sign_up(users.officer, event, members.zhao)
    team = actions.create_team(users.officer, event, name="一队")
    with pytest.raises(ActionError) as exc:
        actions.assign_team(users.officer, event, registrations=[waiting], team=team)
    assert exc.value.message_dict == {"registrations": ["只有已确认报名的人可以编队：赵丽"]}
    with pytest.raises(ActionError) as exc:
        actions.create_team(users.officer, event, name="一队")
    assert exc.value.message_dict == {"name": ["本活动已有名为“一队”的队"]}


def test_a_team_of_another_union_department_is_refused(users, tree, members):
    event = open_event(users.officer, tree.school, signup_closes="")
    with pytest.raises(ActionError) as exc:
        actions.create_team(users.officer, event, name="外单位", org=tree.fg1)
    assert exc.value.message_dict == {"org": ["所属部门须是本工会的分工会或工会小组"]}


def test_deleting_a_team_frees_its_members(users, tree, members):
    event = open_event(users.officer, tree.school, signup_closes="")
    reg = actions.sign_up(users.officer, event, members.wang)
    team = actions.create_team(users.officer, event, name="一队")
    actions.assign_team(users.officer, event, registrations=[reg], team=team)
    actions.delete_team(users.officer, team)
    reg.refresh_from_db()
    assert reg.team is None and not Team.objects.filter(event=event).exists()
    assert Team.all_objects.filter(event=event).count() == 1
