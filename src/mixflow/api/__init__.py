"""The JSON API (``/api/``) and the OpenRosa server for ODK Collect: thin, over the apps' queries
and actions."""
