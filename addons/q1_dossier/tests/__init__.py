from . import test_lookup_page
