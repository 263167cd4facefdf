"""An OpenRosa 1.0 server, so ODK Collect can use Mixflow as its server.

Form discovery (``/formList``), form download, and submission (``/submission``), per
https://docs.getodk.org/openrosa/ . Plain Django views: the protocol is XML and HTTP Basic,
nothing DRF adds helps.
"""
