"""The audit trail of an inventory: who changed which license, when, in which commit, and what it was before.

``reader`` turns a revision's bytes into entries (parsing only what changed), ``events`` compares
two revisions, ``walk`` follows the file through git, ``filters`` chooses events, ``report``
renders them.
"""
