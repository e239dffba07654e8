"""Front-end forms of governance, one module per page family. Forms check shape (a title, a
duration in range, files of accepted types); the rules live in governance.services."""
