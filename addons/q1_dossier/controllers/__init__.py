from . import q1_lookup
