"""JupyterHub for a tsdl class, on Debian's jupyterhub 3.0 (run: jupyterhub -f jupyterhub_config.py).

Run it from the folder that keeps the hub's state (its database, cookie secret and the
proxy's pid file): /srv/tsdl-hub, say. `scripts/setup.sh --hub` installs what it needs,
the tsdl kernelspec system-wide (/usr/local/share/jupyter/kernels/tsdl, outside $HOME,
which a persistent home volume would hide) and the student versions of the lessons.

Environment (all optional):
  TSDL_HUB_AUTH      pam (default: the machine's users log in with their passwords) or
                     dummy (to try it out: any user name, the password below; every server
                     runs as the hub's own user, in a home under TSDL_HUB_HOMES, and the hub
                     listens on 127.0.0.1 only)
  TSDL_HUB_PASSWORD  the dummy authenticator's shared password (unset: any password)
  TSDL_HUB_HOMES     the dummy authenticator's homes, {username} replaced (default
                     /tmp/tsdl-hub-{username})
  TSDL_HUB_ADMINS    comma-separated admin users (default: instructor)
  TSDL_HUB_MEM_LIMIT, TSDL_HUB_CPU_LIMIT   per-user limits (default 2G, 1 CPU)
  TSDL_HUB_LESSONS   folder of lessons copied into each new user's home (default
                     /usr/local/share/tsdl/lessons)
"""
import os
import shutil

c = get_config()  # noqa: F821 (traitlets provides it)
HERE = os.path.dirname(os.path.abspath(__file__))
auth = os.environ.get("TSDL_HUB_AUTH", "pam")

# --- the proxy -------------------------------------------------------------------------
# Debian's configurable-http-proxy finds its modules (commander, http-proxy, …) only through
# /usr/share/nodejs, which Debian's own nodejs searches and a NodeSource Node 20 does not.
# The wrapper beside this file puts that folder on NODE_PATH and runs the proxy as installed.
c.ConfigurableHTTPProxy.command = [os.path.join(HERE, "configurable-http-proxy")]

# --- who logs in -----------------------------------------------------------------------
if auth == "dummy":
    c.JupyterHub.authenticator_class = "dummy"
    if os.environ.get("TSDL_HUB_PASSWORD"):
        c.DummyAuthenticator.password = os.environ["TSDL_HUB_PASSWORD"]
    # Users need not exist on the machine: servers run as the hub's user, homes in /tmp.
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = os.environ.get("TSDL_HUB_HOMES", "/tmp/tsdl-hub-{username}")
    c.JupyterHub.ip = "127.0.0.1"
elif auth == "pam":
    c.JupyterHub.authenticator_class = "pam"
    c.LocalAuthenticator.create_system_users = False
else:
    raise ValueError(f"TSDL_HUB_AUTH={auth!r}: use pam or dummy")
c.Authenticator.admin_users = {u.strip() for u in os.environ.get("TSDL_HUB_ADMINS", "instructor").split(",") if u.strip()}

# --- each student's server ------------------------------------------------------------------
try:  # systemdspawner (pip install jupyterhub-systemdspawner) enforces the limits below
    import systemdspawner  # noqa: F401
    if auth == "pam":
        c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
except ImportError:
    pass
# Enforced by SystemdSpawner and by Kubernetes (deploy/kubernetes); LocalProcessSpawner only
# passes them on as MEM_LIMIT and CPU_LIMIT. The kernel's own heap is capped in every case.
c.Spawner.mem_limit = os.environ.get("TSDL_HUB_MEM_LIMIT", "2G")
c.Spawner.cpu_limit = float(os.environ.get("TSDL_HUB_CPU_LIMIT", "1"))
c.Spawner.environment = {
    "NODE_OPTIONS": "--max-old-space-size=1536",
    "PYTHONPATH": os.pathsep.join(p for p in (HERE, os.environ.get("PYTHONPATH")) if p),  # tsdl_kernel_manager
}
# A JUPYTER_PATH the hub was started with reaches the servers (another kernelspec folder).
c.Spawner.env_keep.append("JUPYTER_PATH")
c.Spawner.default_url = "/tree/lessons"
c.Spawner.http_timeout = 60
c.Spawner.start_timeout = 120
# The classic Notebook (Debian's single-user server) serves the kernelspec's files, so figures
# load plotly.min.js from <base_url>kernelspecs/tsdl/plotly.min.js, offline.
# Idle culling: Debian ships no jupyterhub-idle-culler, so each server culls itself: idle
# kernels after 20 minutes, the whole server after an hour without activity.
c.Spawner.args = [
    # A kernel whose port was taken before it could bind it is restarted on new ports
    # (tsdl_kernel_manager.py, beside this file, says why).
    "--MappingKernelManager.kernel_manager_class=tsdl_kernel_manager.FreshPortsKernelManager",
    "--MappingKernelManager.cull_idle_timeout=1200",
    "--MappingKernelManager.cull_interval=300",
    "--NotebookApp.shutdown_no_activity_timeout=3600",
]
if auth == "dummy" and os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")  # the simple spawner runs servers as the hub's user
try:  # where jupyterhub-idle-culler is installed, the hub culls too (and sees every server)
    import jupyterhub_idle_culler  # noqa: F401
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler", "command": ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
except ImportError:
    pass

LESSONS = os.environ.get("TSDL_HUB_LESSONS", "/usr/local/share/tsdl/lessons")


def copy_lessons(spawner):
    """Gives a new user the student versions of the lessons, in ~/lessons (kept once there)."""
    home = getattr(spawner, "home_dir", None)
    if home is None:
        import pwd
        try:
            entry = pwd.getpwnam(spawner.user.name)
        except KeyError:
            return
        home, uid, gid = entry.pw_dir, entry.pw_uid, entry.pw_gid
    else:
        uid, gid = os.getuid(), os.getgid()
    target = os.path.join(home, "lessons")
    os.makedirs(home, exist_ok=True)
    if not os.path.isdir(LESSONS) or os.path.exists(target):
        os.makedirs(target, exist_ok=True)
        return
    shutil.copytree(LESSONS, target)
    for root, dirs, files in os.walk(target):
        for name in [root] + [os.path.join(root, f) for f in dirs + files]:
            os.chown(name, uid, gid)


c.Spawner.pre_spawn_hook = copy_lessons
