from . import q1_lookup_e_result
