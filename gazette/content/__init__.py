"""Read and validate content/ and config.yaml into the frozen model (the only reader of the editors' files)."""
