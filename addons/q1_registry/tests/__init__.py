from . import test_procedure_data
from . import test_e_result
from . import test_lookup_e_result
from . import test_registry_indices
from . import test_rpc_e_result
from . import test_citizen
from . import test_reuse
from . import test_procedure_data_rpc
