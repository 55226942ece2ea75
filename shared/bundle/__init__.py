"""The bundle: one folder holding a trained pipeline, described and checksummed by its manifest."""

from shared.bundle.manifest import FORMAT_VERSION, Manifest
from shared.bundle.store import Bundle, TrainingSet, load_bundle, write_bundle

__all__ = ["FORMAT_VERSION", "Bundle", "Manifest", "TrainingSet", "load_bundle", "write_bundle"]
