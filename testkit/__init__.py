"""Helpers shared by the tests and the benchmark scripts: the Slack Web API stand-in, a signed-request
sender, and the reliability kit (the app in a process or in this one, faults, kills). Not part of the product."""
