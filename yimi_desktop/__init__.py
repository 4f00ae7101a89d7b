"""yimi-desktop: the offline desktop application of Weishi County's One-Meter Teams (一米团)."""

__version__ = "0.1.0"
APP_NAME = "yimi-desktop"
