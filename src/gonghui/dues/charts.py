"""Collection-rate bar charts drawn by the shared ``{% chart %}`` tag (``core.charts``).

Unlike ``core.charts.bars`` (bars scaled to the longest), a rate is drawn against 100%: each bar's
length is its rate by amount, its number the heads who paid and its share the rate itself.
"""
from gonghui.core.charts import Chart, Slice


def collection_chart(title, rates):
    """``rates``: ``queries.Rate`` rows; organisations with nothing due are left out."""
    slices = []
    for rate in rates:
        if rate.amount_rate is None:
            continue
        share = float(rate.amount_rate)
        slices.append(Slice(label=rate.org.name, value=rate.paid_heads, share=share, length=min(share, 100.0)))
    return Chart(title=title, kind="bars", slices=slices, total=sum(r.due_heads for r in rates), wide=True)
