"""Sync by files: change capture, clocks, merge, package files, digest.

Every replicated record change is written to the change log in the same transaction
(capture.py). Packages carry the changes a peer has not acknowledged (package.py); importing
applies them last-writer-wins per field by (hybrid logical clock, device id), keeps tombstones,
and derives conflicts from concurrent edits (merge.py). digest.py hashes replicated content.
"""
