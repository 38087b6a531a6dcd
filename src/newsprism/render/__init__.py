"""The render stage: records to a terminal view, JSON and (later) Markdown and HTML."""
