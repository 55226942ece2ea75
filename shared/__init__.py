"""What training and serving must agree on: preprocessing, model, pipeline stages, bundle."""

__version__ = "0.1.0"
