"""The kernel manager each student's server uses (jupyterhub_config.py names it).

A server chooses a kernel's five ports, writes them into the connection file and starts the
kernel, which binds them. On a busy hub another process can take one of those ports in
between (jupyter_client issue 487); the kernel then exits, naming the port. jupyter_client's
restarter asks for new ports when a kernel dies before it ever came up, but with its port
cache (on by default, and not configurable) the restart gets the same ports again and the
kernel never starts. Without the cache the restart really chooses new ones.
"""
from traitlets import default

from jupyter_client.ioloop import AsyncIOLoopKernelManager


class FreshPortsKernelManager(AsyncIOLoopKernelManager):
    """The classic Notebook's kernel manager, restarting a kernel that never came up on new ports."""

    @default("cache_ports")
    def _no_port_cache(self) -> bool:
        return False
