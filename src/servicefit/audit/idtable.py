"""The ids an audit has seen: a compact hash table, so that memory stays flat however many
tickets an export holds (about 32 bytes an id, at most MAX_IDS of them)."""

from __future__ import annotations

from array import array

MAX_IDS = 1 << 21  # distinct ids remembered: a table of 64 MiB at the most (96 while it grows)


def _zeros(size: int) -> array[int]:
    """`size` 64-bit zeros, built in place (array(..., bytes(n)) holds a copy of n bytes too)."""
    return array("q", [0]) * size


class IdTable:
    """Which ids were seen, with a number each (the instant and channel a ticket was counted
    at): open addressing over two arrays of 64-bit numbers, about 32 bytes an id where a dict
    takes over 100. Keys are the ids' hashes (0 stands for an empty slot)."""

    def __init__(self, size: int = 1 << 14, most: int = MAX_IDS):
        self.mask = size - 1
        self.keys = _zeros(size)
        self.values = _zeros(size)
        self.count = 0
        self.most = most  # ids kept at the most: memory stays bounded whatever the export
        self.full = False

    def seen(self, key: int, value: int) -> int:
        """The value stored for `key`, or -1 after storing `value` for it."""
        key = key or 1
        keys, mask = self.keys, self.mask
        i = key & mask
        while True:
            k = keys[i]
            if k == key:
                return self.values[i]
            if k == 0:
                break
            i = (i + 1) & mask
        if self.count >= self.most:
            self.full = True  # a new id past the cap: counted, but not remembered
            return -1
        keys[i] = key
        self.values[i] = value
        self.count += 1
        if self.count * 2 > mask and self.count < self.most:  # at the cap it stops growing
            self._grow()
        return -1

    def replace(self, key: int, value: int) -> None:
        key = key or 1
        i = key & self.mask
        while self.keys[i] != key:
            i = (i + 1) & self.mask
        self.values[i] = value

    def _grow(self) -> None:
        """Double the table; entries move straight from the old arrays (no list of them)."""
        old_keys, old_values = self.keys, self.values
        size = (self.mask + 1) * 2
        mask = self.mask = size - 1
        keys = self.keys = _zeros(size)
        values = self.values = _zeros(size)
        for slot, k in enumerate(old_keys):
            if k:
                i = k & mask
                while keys[i]:
                    i = (i + 1) & mask
                keys[i] = k
                values[i] = old_values[slot]
