"""Printed packs: the data each one holds, gathered under permission and logged as issued."""
