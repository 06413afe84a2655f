from . import q1_handling_column
from . import q1_dossier_report
from . import q1_handling_entry
from . import q1_service_index
