# The project tests/test_themes.py builds with each common HTML theme (it sets html_theme).
extensions = ["coppub.sphinxext"]
master_doc = "index"
project = "Neighbourhood Policing"
locale_dirs = ["../locales"]  # relative to the source folder, as Sphinx reads it
html_theme = "alabaster"
