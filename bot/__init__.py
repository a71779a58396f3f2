"""Runs lupbot: CLI, configuration, composition, the web server and the platform adapters."""
