"""rsoman: case management for police teams that manage registered sex offenders."""

__version__ = "0.1.0"
