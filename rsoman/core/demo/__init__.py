"""The synthetic demo caseload: obviously fictional offenders, officers and their history."""

from .generator import DEMO_USERNAMES, DemoSummary, demo_accounts, generate_demo

__all__ = ["DEMO_USERNAMES", "DemoSummary", "demo_accounts", "generate_demo"]
