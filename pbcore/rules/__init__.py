"""Participatory-budgeting rules (registry filled in as the rules land)."""

from pbcore.rules.tiebreak import Criterion, TieBreaking

__all__ = ["Criterion", "TieBreaking"]
