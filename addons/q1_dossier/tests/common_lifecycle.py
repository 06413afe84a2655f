"""Former home of the lifecycle fixtures, merged into ``common``; kept so that test modules importing it still
load. New tests import from ``common``."""

from .common import Q1LifecycleCase, local, utc

__all__ = ["Q1LifecycleCase", "local", "utc"]
