"""Front-end pages of rooms and bookings, one module per family of pages: `rooms` (the finder and a
room's week), `day` (the rooms of a day), `booking` (book, preview a series, a booking, change,
cancel), `my_bookings`, `approvals`, `reports` (occupancy and its CSV). Each view parses the request,
calls a selector or a service and answers in words; what pages show is computed in
`calendar_sync.presenters`, the request handling they share is in `common`."""
