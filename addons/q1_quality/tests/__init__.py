from . import test_permission_matrix
from . import test_nonconformities
from . import test_audits
