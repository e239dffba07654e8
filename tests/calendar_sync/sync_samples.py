"""Small .ics documents for the sync tests."""


def vevent(uid: str, summary: str, start: str, *, end: str = "", sequence: int = 0, extra: str = "") -> str:
    """A VEVENT in UTC: start/end like "20260317T130000Z" (end: an hour later by default)."""
    end = end or start[:9] + f"{int(start[9:11]) + 1:02d}" + start[11:]
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260301T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
            f"SEQUENCE:{sequence}\r\nSUMMARY:{summary}\r\n{extra}END:VEVENT\r\n")


def calendar(*vevents: str) -> str:
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tests//Sync//FR\r\n" + "".join(vevents) + "END:VCALENDAR\r\n"
