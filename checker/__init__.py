"""licensegate: a declarative, checked inventory of Atlassian licenses and their contacts."""

__version__ = "0.1.0"
