from . import mgmtsystem_nonconformity
from . import q1_dossier
from . import mgmtsystem_action
