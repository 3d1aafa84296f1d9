"""The caseload shows each offender's live warnings from the last scan, and sorts on them."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

from sqlmodel import select

from rsoman.core.services.actor import Actor, actor_for_user
from rsoman.core.services.interchange import import_document
from rsoman.core.services.offenders import CaseloadQuery, caseload_ids, caseload_rows
from rsoman.core.services.scan import acknowledge, list_warnings, run_scan
from rsoman.core.store.enums import OffenderStatus, Role
from rsoman.core.store.models import Officer, UserAccount

EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "scenario.json"


def _supervisor(session) -> Actor:
    officer = session.exec(select(Officer).where(Officer.warrant_number == "D1002")).one()
    user = UserAccount(username="ds.samplewick", role=Role.supervisor, officer_id=officer.id)
    session.add(user)
    session.flush()
    return actor_for_user(session, user)


def _counts(session, actor, **query) -> list[tuple[str, int]]:
    statuses = frozenset({OffenderStatus.active, OffenderStatus.in_custody})
    ids = caseload_ids(session, actor, CaseloadQuery(statuses=statuses, **query))
    return [(r.ref, r.open_warnings) for r in caseload_rows(session, actor, ids)]


def test_counts_follow_the_scan_and_sort_most_first(session, system):
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    # A second offender like the first but in custody: only the breach still needs action.
    twin = copy.deepcopy(document["offenders"][0])
    twin["ref"] = "RSO-EX-0002"
    twin["status"] = "in_custody"
    document["offenders"].append(twin)
    import_document(session, system, document)
    session.commit()
    supervisor = _supervisor(session)
    before = dict(_counts(session, supervisor))
    assert set(before.values()) == {0}  # no scan yet: nothing to show

    run_scan(session, system, as_of=date(2023, 3, 1))
    session.commit()
    after = _counts(session, supervisor, sort="open_warnings", descending=True)
    # The documented scenario: four warnings on RSO-EX-0001 (its meeting's two are the
    # meeting's); in custody, the twin keeps only breach_action_overdue.
    assert after == [("RSO-EX-0001", 4), ("RSO-EX-0002", 1)]
    ascending = _counts(session, supervisor, sort="open_warnings")
    assert ascending == list(reversed(after))

    # An acknowledged warning is still live: the count does not drop.
    (first, *_rest) = list_warnings(session, supervisor)
    acknowledge(session, supervisor, first.id, "visit booked for 3 Mar 2023")
    session.commit()
    assert dict(_counts(session, supervisor)) == dict(after)
