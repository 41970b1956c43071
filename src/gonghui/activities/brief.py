"""The activity brief (活动简报) as a .docx with its photos, and the calendar as iCalendar (RFC 5545)."""
import datetime
import io

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from gonghui.core.documents import new_docx

from . import eligibility, queries


def brief_docx(event) -> bytes:
    from docx.shared import Cm

    doc = new_docx(size=11)
    doc.add_heading(_("活动简报"), level=1)
    doc.add_heading(event.title, level=2)
    stats = queries.event_participation(event)
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at) if event.ends_at else None
    lines = [
        (_("主办"), event.organiser.name),
        (_("类型"), event.get_kind_display()),
        (_("时间"), f"{start:%Y-%m-%d %H:%M}" if end is None
         else f"{start:%Y-%m-%d %H:%M}—{end:%H:%M}" if start.date() == end.date()
         else f"{start:%Y-%m-%d %H:%M}—{end:%Y-%m-%d %H:%M}"),
        (_("地点"), event.place),
        (_("参加对象"), eligibility.describe(event)),
        (_("参加情况"), _("报名%(confirmed)s人，签到%(attended)s人，符合条件会员%(eligible)s人，参与率%(rate)s") % {
            "confirmed": stats["confirmed"], "attended": stats["attended"], "eligible": stats["eligible"],
            "rate": f"{stats['rate']}%" if stats["rate"] is not None else "—"}),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in lines:
        row = table.add_row().cells
        row[0].text, row[1].text = str(label), str(value)
    if event.summary:
        doc.add_paragraph()
        for para in event.summary.splitlines():
            if para.strip():
                doc.add_paragraph(para.strip())
    elif event.description:
        doc.add_paragraph()
        doc.add_paragraph(event.description)
    for photo in event.photos.all():
        try:
            with photo.image.open("rb") as fh:
                data = io.BytesIO(fh.read())
        except (FileNotFoundError, OSError):
            continue
        doc.add_picture(data, width=Cm(15))
        if photo.caption:
            doc.add_paragraph(photo.caption)
    doc.add_paragraph(_("%(org)s　%(day)s") % {"org": event.union.name,
                                               "day": dateformat.format(timezone.localdate(), _("Y年m月d日"))})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _escape(text):
    return (str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n")
            .replace("\n", "\\n"))


def _fold(line):
    """Lines of at most 75 octets, continued with a space (RFC 5545 3.1), never splitting a character."""
    out, current = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current)
            current = b""
        current += b
    out.append(current)
    return "\r\n ".join(part.decode("utf-8") for part in out)


def _utc(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def ics(events, *, name, host="gonghui") -> str:
    """An iCalendar file of ``events`` (times in UTC, as RFC 5545 allows without a VTIMEZONE)."""
    now = _utc(timezone.now())
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Gonghui//activities//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(name)}", "X-WR-TIMEZONE:Asia/Shanghai"]
    for e in events:
        lines += ["BEGIN:VEVENT", f"UID:activity-{e.pk}@{host}", f"DTSTAMP:{now}", f"DTSTART:{_utc(e.starts_at)}"]
        if e.ends_at:
            lines.append(f"DTEND:{_utc(e.ends_at)}")
        lines += [f"SUMMARY:{_escape(e.title)}", f"LOCATION:{_escape(e.place)}",
                  f"CATEGORIES:{_escape(e.get_kind_display())}",
                  f"STATUS:{'CANCELLED' if e.status == 'cancelled' else 'CONFIRMED'}"]
        if e.description:
            lines.append(f"DESCRIPTION:{_escape(e.description)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
