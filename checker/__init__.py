"""licensegate: a declarative, checked inventory of Atlassian licenses and their contacts."""

# The version comes from the git tag: setuptools-scm writes it into _version.py when the package
# is built or installed (pyproject.toml). Reading that small module costs nothing at start-up,
# where importlib.metadata would cost milliseconds on every commit the hook checks.
try:
    from checker._version import __version__
except ImportError:  # a source tree that was never built or installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
