"""The kernel manager Voila runs on when voila.py preheats kernels (COURSE_PREHEAT_KERNELS).

Voila then keeps, for each app, a pool of kernels that have already run the app, and gives each
new page one of them; the pool starts a fresh kernel in its place a second later, so no kernel
serves two pages. Voila's culler leaves a kernel alone while it waits in a pool, but judges a
kernel it has just given out by its last activity, which was when it ran the app: a kernel that
waited in its pool longer than the cull time could be culled in the moment between its page
arriving in the browser and the page connecting to it, and the learner would find the app
dead. This manager counts being given out as activity: at each culling pass, a kernel that was
waiting in a pool at the pass before and no longer is starts its idle time afresh, as a kernel
started for a page does. (A kernel given out between two passes ran its app less than one pass
ago, which is well within the cull time: voila.py culls every third of it at most.)

Voila builds its pooling manager on top of this class (VoilaConfiguration's
multi_kernel_manager_class); on its own it is Jupyter Server's usual kernel manager.
"""

from __future__ import annotations

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager


class PoolAwareKernelManager(AsyncMappingKernelManager):
    """Jupyter Server's kernel manager, with a fresh idle time for a kernel a pool gave out."""

    _waiting_at_last_pass: frozenset[str] = frozenset()

    def waiting_kernel_ids(self) -> frozenset[str]:
        """The kernels waiting in Voila's pools now (started; none when nothing preheats)."""
        waiting = set()
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    waiting.add(task.result()["kernel_id"])
        return frozenset(waiting)

    def restart_idle_time_of_given_out(self) -> list[str]:
        """Give every kernel that left a pool since the last pass a fresh idle time; returns
        their ids."""
        waiting = self.waiting_kernel_ids()
        given_out = [kernel_id for kernel_id in self._waiting_at_last_pass - waiting
                     if kernel_id in self._kernels]
        for kernel_id in given_out:
            self._kernels[kernel_id].last_activity = utcnow()
        self._waiting_at_last_pass = waiting
        return given_out

    async def cull_kernels(self):
        self.restart_idle_time_of_given_out()
        await super().cull_kernels()
