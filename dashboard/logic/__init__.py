"""Plain functions behind the callbacks: data in, data out, no Dash (each has unit tests)."""
