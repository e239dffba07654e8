"""The agenda's iCalendar feeds: the tokens that open them, what each kind of feed publishes, the
registry of scopes other apps add (governance bodies), and the URLs of the subscribe blocks."""
