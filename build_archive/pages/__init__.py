"""Pages: the Markdown the site shows, made from parsed reports (report pages, browsing, citations, catalog, charts)."""
