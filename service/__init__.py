"""The library layer that the CLI, the HTTP API and the web page all call."""
