"""smugglewatch: monitor public spaces for migrant-smuggling offers and document-fraud adverts."""

__version__ = "0.1.0"
