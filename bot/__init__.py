"""The WWC assistant: Slack app, local chat, conversation engine and store."""
