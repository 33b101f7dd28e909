"""The transport-free core: routing, wire/SDK codec and dispatch (private).

Nothing here imports botocore's event or HTTP classes or an HTTP server: each door
(the botocore hook, the HTTP server) converts its own objects to :class:`WireRequest`
and back from :class:`WireResponse`.
"""
