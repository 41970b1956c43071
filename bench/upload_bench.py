"""Hostile and large uploads: how long ``core.spreadsheet.read_table`` takes and how much memory it costs.

    .venv/bin/python bench/upload_bench.py [--rows 100000]

Each file is read in a fresh child process (no database needed) and the table shows the wall time and the
growth of the child's peak resident memory (``ru_maxrss``) while it reads:

* **far cell**: a 1.5 KB workbook with one cell at XFD1048576 (once: a 512 GiB grid);
* **zip bomb**: shared strings of 400 MB packed into a few hundred KB;
* **oversize**: a 50 MB file (over the 40 MB upload limit);
* **roster**: a real roster of ``--rows`` rows × 18 columns, read in full.

Goal: every hostile file refused in ≤ 5 s with ≤ 200 MB of memory; the roster read in full.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests" / "fixtures"))

CHILD = """
import json, resource, sys, time, django
django.setup()
from gonghui.core.spreadsheet import Refused, read_table
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    rows = len(read_table(sys.argv[1]).rows)
    outcome = f"read {rows} rows"
except Refused as exc:
    outcome = "refused: " + exc.problems[0].message
print(json.dumps({"seconds": time.perf_counter() - start, "grew_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024,
                  "outcome": outcome}, ensure_ascii=False))
"""


def _files(folder, rows):
    from hostile import far_cell, zip_bomb  # the same hand-made files the tests use

    far_cell(folder / "far.xlsx")
    zip_bomb(folder / "bomb.xlsx", 400)
    with open(folder / "big.xlsx", "wb") as f:
        f.write(b"PK\x03\x04")
        f.seek(50 * 1024 * 1024)
        f.write(b"\0")
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["姓名", "身份证号", "性别", "出生日期", "手机号", "民族", "政治面貌", "学历", "用工形式", "岗位",
               "入职日期", "缴费基数", "入会日期", "会员编号", "会员卡号", "所属组织", "状态", "备注"])
    for i in range(rows):
        ws.append([f"王{i}", f"11010119800101{i % 10000:04d}", "男", "1980-01-01", f"138{i:08d}", "汉族", "群众",
                   "本科", "合同制", "教师", "2010-01-01", 5000, "2011-01-01", f"{i:06d}", "", "SCH", "在册", ""])
    wb.save(folder / "roster.xlsx")
    return [("far cell (XFD1048576)", "far.xlsx"), ("zip bomb (400 MB unpacked)", "bomb.xlsx"),
            ("oversize (50 MB)", "big.xlsx"), (f"roster ({rows:,} rows)", "roster.xlsx")]


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    import os

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
        env = dict(os.environ, GONGHUI_VAR=str(folder))
        print("| file | size | seconds | memory growth (MB) | outcome |")
        print("| --- | --- | --- | --- | --- |")
        for label, name in _files(folder, args.rows):
            path = folder / name
            done = subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, capture_output=True, text=True,
                                  check=True)
            figures = json.loads(done.stdout.strip().splitlines()[-1])
            size = path.stat().st_size
            size_text = f"{size / 1024:.1f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB"
            print(f"| {label} | {size_text} | {figures['seconds']:.2f} | {figures['grew_mb']:.0f} | "
                  f"{figures['outcome'][:60]} |")


if __name__ == "__main__":
    main()
