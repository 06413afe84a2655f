from . import mgmtsystem_nonconformity
from . import q1_dossier
