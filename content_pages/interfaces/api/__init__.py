"""The pages API at /api/v2/: thin routers over stored renditions and content reads."""
