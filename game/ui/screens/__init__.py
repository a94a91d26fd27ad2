"""One module per screen. Each screen draws what it is given; ``given`` records that for tests."""
