"""What the 督办 state costs the ledger: IssueService.rows() of 200 issues assigned by a rule (stages, 协办,
escalated) beside 200 issues with a deadline typed by hand, on the same hub database, in the same run.

    .venv/bin/python bench/duban.py

Prints the median of 15 runs of each and the ratio (rule / hand). No assertions: benchmarks measure.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from yimi_desktop.domain import creditcode  # noqa: E402
from yimi_desktop.domain.forms import EnterpriseForm  # noqa: E402
from yimi_desktop.domain.vocabulary import DeviceRole  # noqa: E402
from yimi_desktop.services.context import init_services  # noqa: E402

N = 200


def median_ms(fn, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        svc = init_services(Path(tmp) / "hub.db", "县中心", DeviceRole.HUB)
        if 2026 not in svc.calendar.years():
            svc.calendar.import_year(2026)
        teams = {t.name: t.id for t in svc.teams.list()}
        cat = svc.categories.list()[0]
        ruled, hand = [], []
        for n in range(2 * N):
            eid = svc.enterprises.add(EnterpriseForm(name=f"尉氏县基准{n}有限公司", township="城关镇",
                                                     credit_code=creditcode.make_code("9", "1", "410223", f"MD{n:06d}")))
            iid = svc.issues.raise_issue(eid, cat.id, f"诉求{n}", on=date(2026, 9, 28))
            if n % 2:
                svc.issues.assign(iid, teams["金融专业一米团"], on=date(2026, 9, 29), rule="13710",
                                  co_team_ids=(teams["人社专业一米团"],))
                svc.issues.co_report(iid, teams["人社专业一米团"], "已配合", on=date(2026, 9, 30))
                svc.issues.escalate(iid, "超期", on=date(2026, 10, 9))
                ruled.append(iid)
            else:
                svc.issues.assign(iid, teams["金融专业一米团"], date(2026, 10, 14), on=date(2026, 9, 29))
                hand.append(iid)
        today = date(2026, 10, 12)
        base = median_ms(lambda: svc.issues.rows(hand, today))
        duty = median_ms(lambda: svc.issues.rows(ruled, today))
        svc.close()
    print(f"rows() of {N} issues: deadline by hand {base:.1f} ms, by rule with 协办 and escalation {duty:.1f} ms, "
          f"ratio {duty / base:.2f}")


if __name__ == "__main__":
    main()
