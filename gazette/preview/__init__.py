"""`serve`: the preview server, its watcher and its in-place rebuild of what an edit changed."""
