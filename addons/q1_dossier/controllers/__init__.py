from . import q1_lookup
from . import q1_download
