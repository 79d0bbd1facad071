extensions = ["coppub.sphinxext"]
master_doc = "index"
