from . import q1_dossier_e_result_wizard
from . import q1_handling_report_wizard
from . import q1_service_index_line
from . import q1_register_book
