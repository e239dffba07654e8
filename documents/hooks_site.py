"""What the « Documents » section brings to the intranet's extension points: the site's search, the
library pages, the benchmarks."""
