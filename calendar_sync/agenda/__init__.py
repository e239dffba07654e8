"""The network agenda's own layer: writes of manual events (services), the reads of the month, week
and list views (selectors) and their forms."""
