from . import q1_dossier
from . import q1_citizen
from . import q1_register
from . import q1_register_event
from . import q1_register_entry
from . import q1_procedure_register
