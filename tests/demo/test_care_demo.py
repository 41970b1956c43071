"""The demo adds care records through the actions: visits, files, a signed gift list, answers."""
from gonghui.care.models import Distribution, DistributionRow, HardshipFile, SurveyAnswer, Visit


def test_the_demo_has_visits_files_greetings_and_answers(demo):
    assert Visit.objects.count() >= 20 and Visit.objects.filter(expense__isnull=False).exists()
    assert HardshipFile.objects.filter(status="active").count() >= 2
    assert all(f.evidence.exists() for f in HardshipFile.objects.all())
    assert Distribution.objects.filter(kind="festival").exists()
    assert DistributionRow.objects.filter(signed_at__isnull=False).exists()
    assert SurveyAnswer.objects.count() >= 10
