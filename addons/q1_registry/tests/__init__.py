from . import test_procedure_data
