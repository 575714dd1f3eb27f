"""The processes the benchmark, the crash rounds and the cluster check run: a release build, a
PostgreSQL server of their own, and one or more `vigil serve` processes, behind nginx (round robin,
optionally TLS with a certificate made here) when there are several. Loopback only."""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "browser"))
import harness  # noqa: E402


def release_build():
    """Builds `vigil` in release mode (its own scratch folder, so it never waits on the debug build's lock)."""
    scratch = os.path.join(ROOT, ".build-release")
    print("bench: building vigil in release mode (the first build takes a while)", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "vigil", "--scratch-path", scratch], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "vigil")


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: [int(x) for x in p.split("/")[4].split(".") if x.isdigit()])
    if not found:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    return found[-1]


def psql(url, sql):
    """One value from one query."""
    out = subprocess.run([os.path.join(pg_bin(), "psql"), url, "-tAc", sql], capture_output=True, text=True, check=True).stdout.strip()
    return int(out) if out.lstrip("-").isdigit() else out


class Postgres(harness.PostgresServer):
    """A PostgreSQL server of its own (see harness.PostgresServer) that can also be killed with
    SIGKILL and started again, with databases made on demand."""

    def __init__(self):
        self.__enter__()

    def database(self, name):
        psql(self.url, f"DROP DATABASE IF EXISTS {name}")
        psql(self.url, f"CREATE DATABASE {name}")
        return self.url.replace("/postgres?", f"/{name}?")

    def kill(self):
        """SIGKILL to the postmaster and every backend: a machine losing power, as PostgreSQL sees it.
        Frozen first, so that no backend is forked between listing them and killing them."""
        self.freeze()
        self.send(signal.SIGKILL)
        time.sleep(0.5)

    def start(self):
        # A killed postmaster whose parent is gone can stay a zombie here (nothing reaps it), and
        # PostgreSQL takes a zombie's pid in its lock files for a live server. After a real crash the
        # process is gone, so those files are stale: remove them.
        lock = os.path.join(self.folder, "postmaster.pid")
        if os.path.exists(lock):
            with open(lock) as pid:
                old = int(pid.readline())
            try:
                with open(f"/proc/{old}/stat") as stat:
                    alive = stat.read().rsplit(")", 1)[1].split()[0] != "Z"
            except FileNotFoundError:
                alive = False
            if not alive:
                for stale in [lock, *glob.glob(os.path.join(self.folder, ".s.PGSQL.*"))]:
                    os.remove(stale)
        started = subprocess.run([*self.ctl, "-w", "-l", os.path.join(self.folder, "log"), "-o",
                                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start"], capture_output=True)
        if started.returncode != 0:
            with open(os.path.join(self.folder, "log")) as log:
                raise RuntimeError("PostgreSQL did not start again:\n" + log.read()[-2000:])
        with open(os.path.join(self.folder, "postmaster.pid")) as pid:
            self.pid = int(pid.readline())

    def log_tail(self):
        with open(os.path.join(self.folder, "log")) as log:
            return log.read()[-2000:]

    def stop(self):
        self.__exit__(None, None, None)


def certificate_files():
    """A self-signed certificate for 127.0.0.1 made once a run, which this process's HTTPS clients
    trust (SSL_CERT_FILE); returns the key and certificate paths."""
    folder = os.environ.get("VIGIL_CLUSTER_CERTIFICATES")
    if not folder:
        folder = tempfile.mkdtemp(prefix="vigil-tls-")
        os.environ["VIGIL_CLUSTER_CERTIFICATES"] = folder
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "cert.pem")
    if not os.path.exists(cert):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    os.environ["SSL_CERT_FILE"] = cert
    return key, cert


class Servers:
    """`processes` vigil serve processes over one database; with more than one, or with TLS, nginx in
    front (round robin, no stickiness) is `url`. Each process can be killed and started again."""

    def __init__(self, location, processes, tls=False, env=None, extra=()):
        self.location, self.count, self.tls, self.extra = location, processes, tls, list(extra)
        self.env = {**(harness.checkpoint_files() if location.startswith("postgres://") else {}), **(env or {})}
        self.servers, self.nginx = [], None

    def __enter__(self):
        self.servers = [self.serve() for _ in range(self.count)]
        if self.count > 1 or self.tls:
            self.start_nginx()
        else:
            self.url = self.servers[0].url
        return self

    def serve(self, port=None):
        proxy = ["--trusted-proxy", "127.0.0.1"] if self.count > 1 or self.tls else []
        return harness.Server(self.location, *self.extra, *proxy, env=self.env, port=port, single=True)

    @property
    def process(self):
        """The first server's process (what a test of one server stops or signals)."""
        return self.servers[0].process

    @property
    def log(self):
        return self.servers[0].log

    def stop(self):
        self.__exit__()
        return 0

    @property
    def pids(self):
        return [server.process.pid for server in self.servers if server.process.poll() is None]

    def kill(self, index):
        """SIGKILL to one server process; returns it."""
        server = self.servers[index]
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
        server.log.close()
        return server

    def restart(self, index):
        """Starts the killed process again on its port."""
        self.servers[index] = self.serve(port=self.servers[index].port)

    def start_nginx(self):
        self.folder = tempfile.mkdtemp(prefix="vigil-nginx-")
        self.port = harness.free_port()
        scheme = "https" if self.tls else "http"
        listen = f"listen 127.0.0.1:{self.port}{' ssl' if self.tls else ''};"
        certificate = ""
        if self.tls:
            key, cert = certificate_files()
            certificate = f"ssl_certificate {cert}; ssl_certificate_key {key};"
        upstream = "".join(f"server 127.0.0.1:{server.port} max_fails=1 fail_timeout=2s;" for server in self.servers)
        config = f"""
worker_processes 1; daemon off; pid {self.folder}/nginx.pid; error_log {self.folder}/error.log;
events {{ worker_connections 2048; }}
http {{
  access_log off; client_body_temp_path {self.folder}/body; proxy_temp_path {self.folder}/proxy;
  fastcgi_temp_path {self.folder}/fastcgi; uwsgi_temp_path {self.folder}/uwsgi; scgi_temp_path {self.folder}/scgi;
  upstream vigil {{ {upstream} keepalive 64; }}
  server {{
    {listen} {certificate}
    location / {{
      proxy_pass http://vigil; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header X-Forwarded-For $remote_addr; proxy_set_header X-Forwarded-Proto {scheme};
      proxy_next_upstream error timeout http_502 http_503; proxy_connect_timeout 2s;
    }}
  }}
}}"""
        path = os.path.join(self.folder, "nginx.conf")
        with open(path, "w") as out:
            out.write(config)
        self.nginx = subprocess.Popen([shutil.which("nginx") or "/usr/sbin/nginx", "-c", path, "-p", self.folder],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not start; see " + os.path.join(self.folder, "error.log"))

    def __exit__(self, *_):
        if self.nginx:
            self.nginx.terminate()
            self.nginx.wait(timeout=10)
            shutil.rmtree(self.folder, ignore_errors=True)
        for server in self.servers:
            if server.process.poll() is None:
                server.stop()
