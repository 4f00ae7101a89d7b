"""Use cases. One transaction each; GUI, CLI and tests call these and never talk SQL directly."""
