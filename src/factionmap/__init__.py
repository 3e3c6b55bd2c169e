"""factionmap: an evidence-backed, time-aware map of who fights, allies with,
threatens, accuses, negotiates with or supports whom, read from the news."""

__version__ = "0.1.0"
