"""The curated content (articles, checklists) and the search over it. Imports nothing of the app."""
