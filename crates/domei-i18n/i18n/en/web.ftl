# The web workbench (domei-web).
