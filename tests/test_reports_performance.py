"""The borough performance report: the figures under their definitions, on every page the
markings; only those who may see figures may print them."""

from __future__ import annotations

import io
from datetime import date

import factories as f
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from rsoman.core.reports.issue import issue_performance_report
from rsoman.core.services.errors import PermissionDenied
from rsoman.core.store.enums import RiskLevel, Role, TeamRole, VisitOutcome
from rsoman.core.store.models import IssuedPack

AS_OF = date(2026, 3, 31)


def test_the_performance_report(session: Session):
    manager = f.officer(session, surname="Quillowby")
    supervisor = f.officer(session, rank=f.Rank.ds, team_role=TeamRole.supervisor)
    actor = f.user(session, Role.supervisor, supervisor)
    one = f.offender(session, risk=RiskLevel.high, manager=manager, home="1 Test Road")
    f.visit(session, one, date(2026, 2, 2), VisitOutcome.no_reply)
    f.visit(session, one, date(2026, 2, 9))
    session.commit()
    pack = issue_performance_report(
        session, actor, borough_code="camden", issued_to="Ch Supt Testcommander",
        reason="monthly figures", as_of=AS_OF,
    )  # fmt: skip
    session.commit()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pack.pdf)).pages]
    for n, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {n} of {pack.page_count}" in page
        assert "Issued to Ch Supt Testcommander" in page
    whole = " ".join(pages)
    assert "Camden: the figures" in whole
    assert "Unsuccessful visits 1 of 2 (50.0%)" in whole
    assert "Quillowby" in whole and "Feb 2026" in whole
    row = session.exec(select(IssuedPack)).one()
    assert (row.kind, row.scope_key, row.offender_ids) == ("performance", "borough:camden", "[]")


def test_an_offender_manager_may_not_print_it(session: Session):
    officer = f.user(session, Role.offender_manager, f.officer(session))
    with pytest.raises(PermissionDenied):
        issue_performance_report(
            session, officer, borough_code="camden", issued_to="X", reason="Y", as_of=AS_OF
        )
