from . import q1_dossier
