"""What tutorials and training paths bring to the intranet's extension points (intranet.hooks) and
their admin screens."""
