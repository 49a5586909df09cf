"""Forms of the portal pages: they parse and validate input; services do the writing."""
