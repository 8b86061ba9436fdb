"""The money products, in a module that imports nothing: the CLI's parser needs them for
``--product`` choices before (and without) loading the client."""

PRODUCTS = ("collection", "disbursement", "remittance")
