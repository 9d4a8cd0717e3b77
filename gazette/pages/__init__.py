"""Plan every page's view from the model and render it through the templates (layouts/)."""
