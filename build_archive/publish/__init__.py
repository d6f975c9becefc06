"""Publish: write docs/, turn it into the site with mkdocs, check links, and make the release files."""
