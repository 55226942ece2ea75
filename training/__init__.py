"""The training job: images in a folder → a bundle (see ``python -m training --help``)."""
