"""The demo adds care records through the actions: visits, files, a signed gift list, answers."""
from gonghui.care.models import Distribution, DistributionRow, HardshipFile, SurveyAnswer, Visit


def test_the_demo_has_visits_files_greetings_and_answers(demo):
    assert Visit.objects.count() >= 20 and Visit.objects.filter(expense__isnull=False).exists()
    assert HardshipFile.objects.filter(status="active").count() >= 2
    assert all(f.evidence.exists() for f in HardshipFile.objects.all())
    assert Distribution.objects.filter(kind="festival").exists()
    assert DistributionRow.objects.filter(signed_at__isnull=False).exists()
    assert SurveyAnswer.objects.count() >= 10


def test_the_demo_leaves_a_reverification_due_and_greetings_for_the_group_leader_to_sign():
    from gonghui.accounts.models import User
    from gonghui.core import inbox

    def waiting(username, key):
        return inbox.get(key).rows(User.objects.get(username=username), inbox.today()).count()

    assert waiting("school_officer", "care.reverifications_due") >= 1
    assert waiting("group_leader", "care.group_to_sign") >= 1
    assert waiting("teacher", "care.mine_to_sign") >= 1
