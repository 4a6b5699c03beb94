"""pytest configuration shared by the tests and the notebooks.

nbval compares every stored text, HTML and glued output with a fresh run but, by default, not
PNG images. The book's figures are reproducible byte for byte with the pinned environment, so
here nbval compares them too: one execution per notebook checks every output, figures included
(the separate re-execution of ``make fresh`` is then not needed in ``make test``)."""

from __future__ import annotations

import nbval.plugin

_init = nbval.plugin.IPyNbFile.__init__


def _compare_png(self, *args, **kwargs) -> None:
    _init(self, *args, **kwargs)
    self.skip_compare = tuple(k for k in self.skip_compare if k != "image/png")


nbval.plugin.IPyNbFile.__init__ = _compare_png
