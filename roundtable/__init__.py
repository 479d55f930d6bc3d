"""Roundtable (圆桌): the Django platform. The voting engine lives in the separate package pbcore."""
