"""Platform-neutral conversation logic: takes a Message, returns Replies."""
