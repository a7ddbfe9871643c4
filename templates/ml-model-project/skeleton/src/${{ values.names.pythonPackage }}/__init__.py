"""${{ values.name }}: training, validation and promotion code of the model (see README.md)."""

__version__ = "0.1.0"
