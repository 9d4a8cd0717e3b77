"""The pipeline (`pipeline.build`): plan every output, render and write it over workers, check links, swap site/ in."""
