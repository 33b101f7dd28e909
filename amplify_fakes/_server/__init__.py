"""The HTTP door (private): SigV4 checking, the control API, the HTTP adapter, ``serve``.

The public face is :mod:`amplify_fakes.server`. Nothing here holds service behaviour:
every amplifybackend request goes to ``AmplifyBackendFake.handle``, the same core the
in-process botocore hook calls.
"""
