"""Preheated kernels for a room, without a browser: what voila.py configures from
COURSE_PREHEAT_KERNELS and COURSE_PREHEAT_APPS, and how the kernel manager keeps the culler
from taking a kernel that a pool has just given to a page. tests/test_preheated_apps_browser.py
opens preheated apps in Chromium."""

from __future__ import annotations

import asyncio
import concurrent.futures
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest
from traitlets.config import Config

from conftest import ROOT

ALL_APPS = sorted(path.relative_to(ROOT / "apps").as_posix()
                  for path in (ROOT / "apps").rglob("*.ipynb"))


def voila_settings(monkeypatch, **env: str) -> Config:
    """What voila.py sets with these environment variables (and no others of its own)."""
    for name in ["COURSE_PREHEAT_KERNELS", "COURSE_PREHEAT_APPS", "COURSE_KERNEL_CULL_SECONDS",
                 "COURSE_VOILA_FRONT_END"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("JUPYTER_PATH", "")   # voila.py adds the course's template folder
    config = Config()
    runpy.run_path(str(ROOT / "voila.py"), init_globals={"get_config": lambda: config})
    return config


def test_kernels_are_not_preheated_unless_asked(monkeypatch):
    for env in [{}, {"COURSE_PREHEAT_KERNELS": "0"}, {"COURSE_PREHEAT_KERNELS": ""}]:
        config = voila_settings(monkeypatch, **env)
        assert "preheat_kernel" not in config.VoilaConfiguration
        assert "VoilaKernelManager" not in config


def test_every_app_in_both_languages_gets_a_pool_of_the_size_asked(monkeypatch):
    config = voila_settings(monkeypatch, COURSE_PREHEAT_KERNELS="2")
    assert config.VoilaConfiguration.preheat_kernel is True
    pools = config.VoilaKernelManager.kernel_pools_config
    # Voila names each pool by the app's path under apps/, the folder `voila apps` serves.
    assert "da/design-a-committee.ipynb" in ALL_APPS and "your-week.ipynb" in ALL_APPS
    assert pools == {"default": {"pool_size": 0}, **{app: {"pool_size": 2} for app in ALL_APPS}}
    assert config.VoilaConfiguration.multi_kernel_manager_class == (
        "councillor_exercises.kernel_pool.PoolAwareKernelManager")


def test_pools_can_be_limited_to_some_apps_and_a_wrong_name_is_refused(monkeypatch):
    config = voila_settings(monkeypatch, COURSE_PREHEAT_KERNELS="1",
                            COURSE_PREHEAT_APPS=" design-a-committee.ipynb,da/your-week.ipynb ")
    assert config.VoilaKernelManager.kernel_pools_config == {
        "default": {"pool_size": 0}, "design-a-committee.ipynb": {"pool_size": 1},
        "da/your-week.ipynb": {"pool_size": 1}}
    with pytest.raises(ValueError, match="design-a-committee, which apps/ does not hold"):
        voila_settings(monkeypatch, COURSE_PREHEAT_KERNELS="1",
                       COURSE_PREHEAT_APPS="design-a-committee")


def test_a_kernel_given_out_by_a_pool_starts_its_idle_time_afresh():
    from jupyter_server._tz import utcnow

    from councillor_exercises.kernel_pool import PoolAwareKernelManager

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        manager = PoolAwareKernelManager()
        long_ago = utcnow() - timedelta(hours=2)

        def pooled(kernel_id: str) -> asyncio.Future:
            started = loop.create_future()
            started.set_result({"kernel_id": kernel_id})
            return started

        starting = loop.create_future()            # a kernel the pool is still starting
        failed = loop.create_future()
        failed.set_exception(RuntimeError("the kernel did not start"))
        manager._kernels = {name: SimpleNamespace(last_activity=long_ago)
                            for name in ["waiting", "given-out", "a-page-s-own"]}
        manager._pools = {"design-a-committee.ipynb": [pooled("waiting"), pooled("given-out"),
                                                       starting, failed]}
        assert manager.waiting_kernel_ids() == {"waiting", "given-out"}
        assert manager.restart_idle_time_of_given_out() == []
        # A page takes "given-out" from the pool; the next pass gives it a fresh idle time,
        # and only it: the waiting one stays pooled (Voila never culls those) and a kernel
        # that was never pooled keeps its own.
        manager._pools["design-a-committee.ipynb"].pop(1)
        before = utcnow()
        assert manager.restart_idle_time_of_given_out() == ["given-out"]
        assert manager._kernels["given-out"].last_activity >= before
        assert manager._kernels["waiting"].last_activity == long_ago
        assert manager._kernels["a-page-s-own"].last_activity == long_ago
        # Once: afterwards it is judged as any kernel with a page is.
        assert manager.restart_idle_time_of_given_out() == []
        # A kernel that left its pool and has since been shut down is simply skipped.
        manager._pools["design-a-committee.ipynb"].pop(0)
        del manager._kernels["waiting"]
        assert manager.restart_idle_time_of_given_out() == []
        starting.cancel()

    # A thread of its own: the browser tests' Playwright may keep an event loop running on
    # this one for the whole session, and asyncio.run() refuses to start inside it.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, scenario()).result(timeout=120)


def test_without_pools_the_manager_is_jupyter_servers_own():
    from councillor_exercises.kernel_pool import PoolAwareKernelManager

    manager = PoolAwareKernelManager()
    assert manager.waiting_kernel_ids() == frozenset()
    assert manager.restart_idle_time_of_given_out() == []
