"""Serialising writers that must read-then-write as one step (the audit chain, the scan).

PostgreSQL: a transaction-level advisory lock, one key per purpose. SQLite: a write statement
that touches no row still takes the database write lock, so the caller's reads that follow see
the state no other writer can change before it commits.
"""

import sqlalchemy as sa
from sqlmodel import Session

# Advisory lock keys, one per purpose (a process holding one must not wait on itself).
AUDIT_CHAIN_LOCK = 7261530
SCAN_LOCK = 7261531


def hold_until_commit(session: Session, key: int, sqlite_table: str) -> None:
    """Block other writers doing the same until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        session.execute(sa.text(f"UPDATE {sqlite_table} SET id = id WHERE 0"))
