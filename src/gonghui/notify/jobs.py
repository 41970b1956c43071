"""``notify_send``: the periodic run (digests queued, due messages sent with retries) in the job runner;
with an organisation (an officer's 立即发送) only that union's due messages."""
from gonghui.core.jobs import register

from . import outbox

KIND = "notify_send"


@register(KIND)
def run(job, progress):
    return outbox.run(progress=progress, union=job.org)
