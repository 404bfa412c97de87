"""An app that takes part in every shared feature by its modules alone (tests/site/test_layout.py):
installing it is all it takes."""
