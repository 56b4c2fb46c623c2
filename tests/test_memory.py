"""mia.memory: the allocator keeps freed memory where the C library is glibc, and nothing
changes (no error) where it is not."""
from __future__ import annotations

import ctypes
import platform

import pytest

from mia import memory


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's; elsewhere the next tests apply")
def test_glibc_takes_the_thresholds():
    assert memory.keep_freed_memory() is True


def test_without_glibc_nothing_is_changed_and_nothing_fails(monkeypatch):
    def no_libc(*_args, **_kwargs):
        raise OSError("no such library")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    assert memory.keep_freed_memory() is False


def test_a_c_library_without_mallopt_is_left_alone(monkeypatch):
    class Musl:  # a C library object without the function
        pass

    monkeypatch.setattr(ctypes, "CDLL", lambda *_a, **_k: Musl())
    assert memory.keep_freed_memory() is False
