"""PyInstaller runtime hook of the Linux bundle (build.spec): the Qt 6.10 API the app uses, on the older
PySide6 that the Debian 11 (glibc 2.31) build has to bundle (6.8: newer wheels need glibc 2.34).

gui/problem_filter.py refilters with QSortFilterProxyModel.beginFilterChange() (Qt 6.9) and
endFilterChange(QSortFilterProxyModel.Direction.Rows) (Qt 6.10).  Where they are missing they are
added with the meaning they had before 6.10: nothing to do before the change, invalidate the rows'
(or columns', or the whole) filter after it.  On a PySide6 that has them this hook does nothing.
"""


def _install() -> None:
    try:
        from PySide6.QtCore import QSortFilterProxyModel as Proxy
    except ImportError:
        return
    if hasattr(Proxy, "endFilterChange") and hasattr(Proxy, "Direction"):
        return
    import enum

    class Direction(enum.IntFlag):
        Rows = 1
        Columns = 2
        Both = 3

    def beginFilterChange(self) -> None:  # noqa: N802 (Qt's name)
        pass

    def endFilterChange(self, direction=Direction.Both) -> None:  # noqa: N802
        d = int(getattr(direction, "value", direction))
        if d == Direction.Rows:
            self.invalidateRowsFilter()
        elif d == Direction.Columns:
            self.invalidateColumnsFilter()
        else:
            self.invalidateFilter()

    if not hasattr(Proxy, "Direction"):
        Proxy.Direction = Direction
    if not hasattr(Proxy, "beginFilterChange"):
        Proxy.beginFilterChange = beginFilterChange
    Proxy.endFilterChange = endFilterChange


_install()
