"""The public site's cross-app pages: home, the authorities list and each authority's page, an
inspection and a document, and search. The read side: it reads the data apps and writes
nothing. (Not named ``site``, which is a module of Python's own.)
"""
