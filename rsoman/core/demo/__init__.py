"""The synthetic demo caseload: obviously fictional offenders, officers and their history."""

from .generator import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
