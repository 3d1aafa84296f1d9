"""Modules compiled from ui/*.ui by pyside6-uic (do not edit; tests check they are fresh)."""
