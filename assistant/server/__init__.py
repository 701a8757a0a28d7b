"""HTTP API (`assistant serve`): the review contract of the CLI over HTTP, for the bureau's own systems."""
