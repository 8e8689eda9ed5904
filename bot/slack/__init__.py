"""The Slack surface of the WWC assistant, on Bolt for Python.

``app.build_app`` wires thin listeners (one module per surface under
``listeners/``) to the dialogue engine; ``blocks`` renders engine messages as
Block Kit; ``outbox`` delivers peer-network posts durably; ``serve`` runs the
app over Socket Mode or HTTP.
"""
