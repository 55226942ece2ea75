"""The HTTP service: serves a bundle's embed / cluster / project (see ``python -m service --help``)."""
