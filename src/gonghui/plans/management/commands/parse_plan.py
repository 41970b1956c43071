"""``gonghui parse-plan FILE``: the structure the import page would show, as JSON."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gonghui.core.errors import ActionError
from gonghui.plans.parsing import parse_file


class Command(BaseCommand):
    requires_system_checks = []
    help = "解析工作计划文件（.docx 或 .txt），以 JSON 输出提纲、按月任务、目标候选和未能识别的内容"

    def add_arguments(self, parser):
        parser.add_argument("file", help="计划文件路径")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            parsed = parse_file(path.name, path.read_bytes())
        except ActionError as exc:
            raise CommandError(exc.as_text({"file": "文件"})) from None
        self.stdout.write(json.dumps(parsed.as_dict(), ensure_ascii=False, indent=2))
