"""The files beside the pages: feeds, sitemap, catalogue and data.json, issue manifests and zips."""
